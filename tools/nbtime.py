"Time each code cell of a notebook (run from nbs/): python ../tools/nbtime.py 07_dataset.ipynb"
import sys, time
from execnb.nbio import read_nb
from execnb.shell import CaptureShell
nb = read_nb(sys.argv[1]); sh = CaptureShell()
for i, c in enumerate(nb.cells):
    if c.cell_type != 'code': continue
    t = time.time(); sh.run(c.source); dt = time.time() - t
    if sh.exc: print('ERROR in cell', i, sh.exc); break
    if dt > 0.5: print(f'{dt:6.1f}s  cell {i}: {c.source.splitlines()[0][:70]}')
