"""Authoring helper: `python tools/nb.py build .nbsrc/01_video.py` writes nbs/01_video.ipynb from a
jupytext percent-format script; `python tools/nb.py run nbs/01_video.ipynb` executes a notebook in place
(execnb, no kernel needed) so its outputs (tables, images) are saved; `sync` is `build` keeping the saved outputs
of unchanged cells. Run from the repo root."""
import sys, os
from pathlib import Path

def build(src):
    import jupytext
    src = Path(src); nb = jupytext.read(src)
    dst = Path('nbs')/(src.stem + '.ipynb')
    nb.metadata = {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}}
    jupytext.write(nb, dst, fmt='ipynb'); print('wrote', dst)

def sync(src):
    "Like `build`, but keep the saved outputs of every cell whose source did not change (no re-run needed for them)."
    import jupytext, nbformat
    src = Path(src); new = jupytext.read(src); dst = Path('nbs')/(src.stem + '.ipynb')
    old = nbformat.read(dst, as_version=4) if dst.exists() else None
    kept = {c.source.strip(): c for c in (old.cells if old else []) if c.cell_type == 'code'}
    for i, c in enumerate(new.cells):
        o = kept.get(c.source.strip())
        if c.cell_type == 'code' and o is not None: new.cells[i] = o
    new.metadata = {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}}
    jupytext.write(new, dst, fmt='ipynb'); print('synced', dst)

def run(path):
    from execnb.shell import CaptureShell
    path = Path(path).resolve(); cwd = os.getcwd(); os.chdir(path.parent)
    skip = lambda cell: cell.cell_type == 'code' and '#| eval: false' in cell.source   # as nbdev_test: those cells keep their saved outputs
    try: CaptureShell().execute(path, path, exc_stop=True, preproc=skip)
    finally: os.chdir(cwd)
    print('executed', path)

if __name__ == '__main__':
    cmd, *args = sys.argv[1:]
    for a in args: {'build': build, 'sync': sync, 'run': run}[cmd](a)
