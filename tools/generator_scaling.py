"""Issue 26's generator scaling points: `pixel64b.pt`'s recipe (nbs/runs/pixel64b/config.yaml: the reference-pixel
branch, rgb_l1 0.2, batch 8, Adam 1e-4, L1 + mouth L1 + LSGAN 0.05) on another binarized training set, from `--init`
(default `generic64_spk`, as pixel64b was; `talkface/checkpoints/pixel64b.pt` continues the shipped model instead:
its generator, a fresh discriminator) for `--steps` steps.

    python tools/generator_scaling.py NAME BIN_DIR RUN_ROOT [--init CKPT] [--steps 4800] [--threads 2] [--record nbs/runs/scaling_s27]

trains RUN_ROOT/NAME (resumable: `talkface train` continues from RUN_ROOT/NAME/last.pt), then copies its config,
metrics and wall time to RECORD/NAME/. The 19-speaker point is `pixel64b.pt` itself (the same recipe on the 19
training speakers). BIN_DIR comes from `tools/syncnet_bootstrap.py` (WORK/bin_r0: the clips known in sync; WORK/bin_r1:
those and the clips the bootstrapped SyncNet placed); its validation split is the held-out speakers, never trained on."""
import argparse, json, shutil, subprocess, sys, time
from pathlib import Path
import yaml

HERE = Path(__file__).parent.parent

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('name'); ap.add_argument('bin_dir', type=Path); ap.add_argument('run_root', type=Path)
    ap.add_argument('--steps', type=int, default=4800); ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--init', type=Path, default=HERE/'nbs'/'runs'/'generic64_spk'/'generic64_spk.pt')
    ap.add_argument('--record', type=Path, default=HERE/'nbs'/'runs'/'scaling_s27')
    a = ap.parse_args()
    if not (a.bin_dir/'stats.json').exists(): sys.exit(f"{a.bin_dir}: not a binarized dataset (no stats.json)")
    cfg = yaml.safe_load((HERE/'nbs'/'runs'/'pixel64b'/'config.yaml').read_text())
    cfg.update(stage=a.name, steps=a.steps, init_from=str(a.init.resolve()))
    cfg['data']['root'] = str(a.bin_dir.resolve())
    run = a.run_root/a.name; run.mkdir(parents=True, exist_ok=True)
    (run/'config.yaml').write_text(yaml.safe_dump(cfg, sort_keys=False))
    t = time.perf_counter()
    env = {**__import__('os').environ, 'OMP_NUM_THREADS': str(a.threads)}
    r = subprocess.run([str(Path(sys.executable).parent/'talkface'), 'train', '--config', str(run/'config.yaml'), '--run_dir', str(run)], env=env)
    if r.returncode: sys.exit(f"talkface train failed for {a.name} (exit {r.returncode}); rerun to resume")
    rec = a.record/a.name; rec.mkdir(parents=True, exist_ok=True)
    for f in ('config.yaml', 'metrics.jsonl'): shutil.copy(run/f, rec/f)
    stats = json.loads((a.bin_dir/'stats.json').read_text())
    prev = json.loads((rec/'run.json').read_text()) if (rec/'run.json').exists() else {}
    (rec/'run.json').write_text(json.dumps({'bin': str(a.bin_dir), 'splits': stats['splits'], 'steps': a.steps, 'threads': a.threads, 'init': str(a.init),
                                            'wall_s_this_call': round(time.perf_counter() - t, 1), 'earlier_calls': prev}, indent=2))
    print(f"{a.name}: done in {time.perf_counter() - t:.0f} s; {run/'last.pt'}")

if __name__ == '__main__': main()
