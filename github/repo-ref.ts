/** A repository as the REST API names it. */
export interface RepoRef {
  owner: string;
  repo: string;
}
