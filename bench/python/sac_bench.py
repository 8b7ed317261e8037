"""Reference timings for `cavlab bench sac`: the same SAC update in PyTorch (what the papers' code uses).

Workload (matches src/bench/sac.ts): batch 256; actor obs -> 256 -> 256 -> 2|A| (mean and std parameter,
sigma = softplus(x) + 1e-5, tanh squashing); twin critics (obs + |A|) -> 256 -> 256 -> 1 with Polyak targets;
automatic temperature; three Adam optimisers. One update = critic step, actor step, alpha step, target update.

Measures, with one BLAS/OpenMP thread per process (set before torch is imported):
  single      ms per update of one learner (median wall time; single_cpu_ms: process CPU time per update)
  sequential  agent-updates/s of `learners` learners updated one after another in one process
  processes   agent-updates/s of the learners split over two processes running at the same time
With --paper-epoch-steps N instead (`cavlab bench sac paper-epoch`, issue 16): seconds for N env steps at RSM-MASAC's
Alg. 1 schedule (every learner a critic step per env step, actor/alpha/targets every --policy-delay), sequential and
in two processes.
Prints one JSON object on the last line.
"""
import argparse
import json
import os
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import multiprocessing as mp  # noqa: E402

HIDDEN = 256
STD_FLOOR = 1e-5


def build(torch, obs_dim, act_dim, seed):
    nn = torch.nn
    torch.manual_seed(seed)

    def mlp(inp, out):
        return nn.Sequential(nn.Linear(inp, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, out))

    actor = mlp(obs_dim, 2 * act_dim)
    q1, q2 = mlp(obs_dim + act_dim, 1), mlp(obs_dim + act_dim, 1)
    t1, t2 = mlp(obs_dim + act_dim, 1), mlp(obs_dim + act_dim, 1)
    t1.load_state_dict(q1.state_dict())
    t2.load_state_dict(q2.state_dict())
    log_alpha = torch.tensor([0.01], requires_grad=True)
    with torch.no_grad():
        log_alpha.copy_(torch.log(log_alpha))
    return {
        "actor": actor, "q1": q1, "q2": q2, "t1": t1, "t2": t2, "log_alpha": log_alpha,
        "actor_opt": torch.optim.Adam(actor.parameters(), lr=4e-5),
        "critic_opt": torch.optim.Adam(list(q1.parameters()) + list(q2.parameters()), lr=3e-4),
        "alpha_opt": torch.optim.Adam([log_alpha], lr=3e-4),
        "target_entropy": -float(act_dim),
    }


def sample(torch, actor, obs):
    head = actor(obs)
    mean, raw = head.chunk(2, dim=-1)
    std = torch.nn.functional.softplus(raw) + STD_FLOOR
    u = mean + std * torch.randn_like(mean)
    log_prob = (-0.5 * ((u - mean) / std) ** 2 - torch.log(std) - 0.5 * torch.log(torch.tensor(2 * torch.pi))).sum(-1)
    log_prob = log_prob - (2 * (torch.log(torch.tensor(2.0)) - u - torch.nn.functional.softplus(-2 * u))).sum(-1)
    return torch.tanh(u), log_prob


def update(torch, agent, batch, gamma=0.99, tau=1e-3, policy=True):
    """One SAC step; policy=False is a critic-only step (Alg. 1's critic update between delayed policy updates)."""
    obs, act, rew, nxt, done = batch
    alpha = agent["log_alpha"].exp().detach()
    with torch.no_grad():
        a2, logp2 = sample(torch, agent["actor"], nxt)
        x2 = torch.cat([nxt, a2], 1)
        q_next = torch.min(agent["t1"](x2), agent["t2"](x2)).squeeze(1) - alpha * logp2
        target = rew + gamma * (1 - done) * q_next
    x = torch.cat([obs, act], 1)
    critic_loss = 0.5 * (((agent["q1"](x).squeeze(1) - target) ** 2).mean() + ((agent["q2"](x).squeeze(1) - target) ** 2).mean())
    agent["critic_opt"].zero_grad()
    critic_loss.backward()
    agent["critic_opt"].step()
    if not policy:
        return
    # Actor: the critics' parameters get no gradient (requires_grad switched off, as CleanRL does implicitly
    # by only stepping the actor optimiser; switching it off also skips computing them).
    for p in list(agent["q1"].parameters()) + list(agent["q2"].parameters()):
        p.requires_grad_(False)
    a, logp = sample(torch, agent["actor"], obs)
    xa = torch.cat([obs, a], 1)
    actor_loss = (alpha * logp - torch.min(agent["q1"](xa), agent["q2"](xa)).squeeze(1)).mean()
    agent["actor_opt"].zero_grad()
    actor_loss.backward()
    agent["actor_opt"].step()
    for p in list(agent["q1"].parameters()) + list(agent["q2"].parameters()):
        p.requires_grad_(True)
    alpha_loss = -(agent["log_alpha"].exp() * (logp.detach() + agent["target_entropy"])).mean()
    agent["alpha_opt"].zero_grad()
    alpha_loss.backward()
    agent["alpha_opt"].step()
    with torch.no_grad():
        for net, tgt in (("q1", "t1"), ("q2", "t2")):
            for p, tp in zip(agent[net].parameters(), agent[tgt].parameters()):
                tp.mul_(1 - tau).add_(p, alpha=tau)


def make_batch(torch, obs_dim, act_dim, batch):
    return (
        torch.rand(batch, obs_dim), torch.rand(batch, act_dim) * 2 - 1, -torch.rand(batch),
        torch.rand(batch, obs_dim), (torch.rand(batch) < 0.01).float(),
    )


def run_learners(args, learners, rounds, start_barrier=None, result=None):
    """agent-updates/s of `learners` learners, one update each per round."""
    import torch
    torch.set_num_threads(1)
    agents = [build(torch, args.obs_dim, args.act_dim, seed) for seed in range(learners)]
    batch = make_batch(torch, args.obs_dim, args.act_dim, args.batch)
    for agent in agents:
        for _ in range(args.warmup):
            update(torch, agent, batch)
    if start_barrier is not None:
        start_barrier.wait()
    start = time.perf_counter()
    for _ in range(rounds):
        for agent in agents:
            update(torch, agent, batch)
    elapsed = time.perf_counter() - start
    rate = learners * rounds / elapsed
    if result is not None:
        result.put((rate, elapsed))
    return rate, elapsed


def sample_batch(torch, replay, batch):
    idx = torch.randint(0, replay[0].shape[0], (batch,))
    return tuple(x[idx] for x in replay)


def run_paper_epoch(args, learners, steps, start_barrier=None, result=None):
    """Seconds for `steps` env steps of `learners` learners at Alg. 1's schedule: a critic step each per env step,
    actor/alpha/targets on every `policy_delay`-th; each step samples its mini-batch from the learner's replay."""
    import torch
    torch.set_num_threads(1)
    agents = [build(torch, args.obs_dim, args.act_dim, seed) for seed in range(learners)]
    # A replay of random transitions per learner (as cavlab's side: 4 batches).
    replays = [make_batch(torch, args.obs_dim, args.act_dim, 4 * args.batch) for _ in agents]
    # Whole schedule periods of warm-up, so the timed steps start on a policy step as the run's first step does.
    for agent, replay in zip(agents, replays):
        for i in range(args.policy_delay):
            update(torch, agent, sample_batch(torch, replay, args.batch), policy=i == 0)
    if start_barrier is not None:
        start_barrier.wait()
    start = time.perf_counter()
    for step in range(steps):
        for agent, replay in zip(agents, replays):
            update(torch, agent, sample_batch(torch, replay, args.batch), policy=step % args.policy_delay == 0)
    elapsed = time.perf_counter() - start
    if result is not None:
        result.put(elapsed)
    return elapsed


def in_two_processes(args, target, amount):
    """`target(args, learners, amount, barrier, result)` in two processes started together, the learners split as
    evenly as possible (5 + 4 for 9); the split and what each process put in `result`."""
    split = [args.learners - args.learners // 2, args.learners // 2]
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(len(split))
    result = ctx.Queue()
    procs = [ctx.Process(target=target, args=(args, n, amount, barrier, result)) for n in split]
    for p in procs:
        p.start()
    finished = [result.get() for _ in procs]
    for p in procs:
        p.join()
    return split, finished


def paper_epoch(args, out):
    """Sequential in one process, then the learners split over two processes started together."""
    out["steps"] = args.paper_epoch_steps
    out["sequential_seconds"] = run_paper_epoch(args, args.learners, args.paper_epoch_steps)
    split, finished = in_two_processes(args, run_paper_epoch, args.paper_epoch_steps)
    out["two_process_seconds"] = max(finished)
    out["split"] = split
    print(json.dumps(out))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--obs-dim", type=int, default=6)
    parser.add_argument("--act-dim", type=int, default=1)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--learners", type=int, default=9)
    parser.add_argument("--updates", type=int, default=30, help="timed updates of the single learner")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (one update per learner) of the multi-learner runs")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--paper-epoch-steps", type=int, default=0,
                        help="instead: time this many env steps of Alg. 1's schedule (critics every step, policy every --policy-delay)")
    parser.add_argument("--policy-delay", type=int, default=10)
    args = parser.parse_args()
    out = {"python": sys.version.split()[0]}
    try:
        import torch
    except Exception as error:  # absent or broken: reported, not raised
        out["error"] = f"torch not importable: {error}"
        print(json.dumps(out))
        return
    out["torch"] = torch.__version__
    if args.paper_epoch_steps > 0:
        paper_epoch(args, out)
        return
    torch.set_num_threads(1)
    agent = build(torch, args.obs_dim, args.act_dim, 0)
    batch = make_batch(torch, args.obs_dim, args.act_dim, args.batch)
    for _ in range(args.warmup):
        update(torch, agent, batch)
    times = []
    cpu = 0.0
    for _ in range(args.updates):
        start, start_cpu = time.perf_counter(), time.process_time()
        update(torch, agent, batch)
        times.append((time.perf_counter() - start) * 1000)
        cpu += (time.process_time() - start_cpu) * 1000
    times.sort()
    out["single_ms"] = times[len(times) // 2]
    out["single_cpu_ms"] = cpu / args.updates
    out["sequential_rate"], _ = run_learners(args, args.learners, args.rounds)
    split, finished = in_two_processes(args, run_learners, args.rounds)
    # Total updates over the wall time of the slower process.
    out["two_process_rate"] = args.learners * args.rounds / max(elapsed for _, elapsed in finished)
    out["split"] = split
    print(json.dumps(out))


if __name__ == "__main__":
    main()
