import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { whichSync } from './temp-project.js';

/** python3 with pip and pytest, as the Python install tests need them (real interpreter, real pip). */
export const hasPythonWithPip = whichSync('python3') && canImport('pip') && canImport('pytest');

function canImport(module: string): boolean {
  try {
    execFileSync('python3', ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * pip with no configuration, no index and no find-links, whatever this machine's pip.conf and PIP_* say: installs are
 * offline and quick, and the same on every machine. Each test that needs an index gives one.
 */
export function usePipOffline(): void {
  const saved = { PIP_CONFIG_FILE: process.env.PIP_CONFIG_FILE, PIP_NO_INDEX: process.env.PIP_NO_INDEX, PIP_FIND_LINKS: process.env.PIP_FIND_LINKS };
  beforeAll(() => {
    process.env.PIP_CONFIG_FILE = '/dev/null';
    process.env.PIP_NO_INDEX = '1';
    delete process.env.PIP_FIND_LINKS;
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/**
 * A build backend in the project itself (PEP 517 `backend-path`), with PEP 660 editable installs:
 * pip installs the package with nothing to download, as a real backend would with an index.
 * The editable wheel puts `src/` on the path with a .pth file, as setuptools does for a src layout.
 */
export function inTreeBackend(name: string, options: { layout: 'src' | 'flat'; dependencies?: string[]; buildRequires?: string[] }): Record<string, string> {
  const deps = (options.dependencies ?? []).map((d) => `"${d}"`).join(', ');
  const requires = (options.buildRequires ?? []).map((d) => `"${d}"`).join(', ');
  const base = options.layout === 'src' ? 'src' : '.';
  return {
    'pyproject.toml': `[build-system]\nrequires = [${requires}]\nbuild-backend = "backend"\nbackend-path = ["_build"]\n\n[project]\nname = "${name}"\nversion = "1.0"\ndependencies = [${deps}]\n\n[project.optional-dependencies]\ntest = []\n`,
    '_build/backend.py': `import base64, hashlib, os, zipfile

NAME, VERSION, BASE = ${JSON.stringify(name)}, "1.0", ${JSON.stringify(base)}
DIST = NAME + "-" + VERSION + ".dist-info"
REQUIRES = [${deps}]


def _wheel(directory, files):
    wheel = NAME + "-" + VERSION + "-py3-none-any.whl"
    files = dict(files)
    files[DIST + "/METADATA"] = "Metadata-Version: 2.1\\nName: " + NAME + "\\nVersion: " + VERSION + "\\n" + "".join("Requires-Dist: " + r + "\\n" for r in REQUIRES)
    files[DIST + "/WHEEL"] = "Wheel-Version: 1.0\\nGenerator: loki-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    record = []
    with zipfile.ZipFile(os.path.join(directory, wheel), "w") as z:
        for path, text in files.items():
            data = text.encode()
            z.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(path + ",sha256=" + digest + "," + str(len(data)))
        record.append(DIST + "/RECORD,,")
        z.writestr(DIST + "/RECORD", "\\n".join(record) + "\\n")
    return wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    package = os.path.join(BASE, NAME)
    return _wheel(wheel_directory, {NAME + "/" + f: open(os.path.join(package, f)).read() for f in os.listdir(package) if f.endswith(".py")})


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory, {"_" + NAME + "_editable.pth": os.path.abspath(BASE) + "\\n"})
`,
  };
}
