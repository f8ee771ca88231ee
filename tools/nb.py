"""Authoring helper: `python tools/nb.py build .nbsrc/01_video.py` writes nbs/01_video.ipynb from a
jupytext percent-format script; `python tools/nb.py run nbs/01_video.ipynb` executes a notebook in place
(execnb, no kernel needed) so its outputs (tables, images) are saved. Run from the repo root."""
import sys, os
from pathlib import Path

def build(src):
    import jupytext
    src = Path(src); nb = jupytext.read(src)
    dst = Path('nbs')/(src.stem + '.ipynb')
    nb.metadata = {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}}
    jupytext.write(nb, dst, fmt='ipynb'); print('wrote', dst)

def run(path):
    from execnb.shell import CaptureShell
    path = Path(path).resolve(); cwd = os.getcwd(); os.chdir(path.parent)
    try: CaptureShell().execute(path, path, exc_stop=True)
    finally: os.chdir(cwd)
    print('executed', path)

if __name__ == '__main__':
    cmd, *args = sys.argv[1:]
    for a in args: {'build': build, 'run': run}[cmd](a)
