"""Reference timings for `cavlab bench traci`: the same workload through SUMO's Python clients.

Workload (matches src/bench/traci.ts): the 14-vehicle ring, 1500 steps; each step 9 vehicles get a
slowDown and all 14 are read (speed, lane position, road, leader) through variable subscriptions.
Prints one JSON object: {"traci": steps_per_s | null, "libsumo": steps_per_s | null, ...}.
"""
import json
import os
import sys
import time

SUMO_HOME = os.environ.get("SUMO_HOME", "/usr/share/sumo")
sys.path.append(os.path.join(SUMO_HOME, "tools"))

CONTROLLED = ["veh1", "veh3", "veh4", "veh5", "veh6", "veh8", "veh9", "veh10", "veh12"]


def run(module, cfg, steps, leader_dist):
    tc = module.constants
    # libsumo 1.15's Python wrapper cannot pass subscription parameters (and VAR_LEADER needs one), so
    # there the leader is read by a direct call, which is a plain function call in libsumo.
    direct_leader = module.__name__ == "libsumo"
    module.start(["sumo", "-c", cfg, "--no-step-log", "true"])
    try:
        variables = [tc.VAR_SPEED, tc.VAR_LANEPOSITION, tc.VAR_ROAD_ID]
        if not direct_leader:
            variables.append(tc.VAR_LEADER)
        params = {tc.VAR_LEADER: ("d", leader_dist)}
        module.simulation.subscribe([tc.VAR_DEPARTED_VEHICLES_IDS])
        start = time.perf_counter()
        for _ in range(steps):
            for vid in CONTROLLED:
                if vid in seen:
                    module.vehicle.slowDown(vid, 10.0, 0.1)
            module.simulationStep()
            for vid in module.simulation.getSubscriptionResults()[tc.VAR_DEPARTED_VEHICLES_IDS]:
                if direct_leader:
                    module.vehicle.subscribe(vid, variables)
                else:
                    module.vehicle.subscribe(vid, variables, parameters=params)
                seen.add(vid)
            results = module.vehicle.getAllSubscriptionResults()
            if direct_leader:
                leaders = [module.vehicle.getLeader(vid, leader_dist) for vid in results]
            assert len(results) == 14 or not seen
        return steps / (time.perf_counter() - start)
    finally:
        module.close()


def main():
    cfg, steps, reps, leader_dist = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    out = {"traci": None, "libsumo": None, "python": sys.version.split()[0]}
    global seen
    for name in ("traci", "libsumo"):
        try:
            module = __import__(name)
        except Exception as error:  # absent or broken: reported as null
            out[name + "_error"] = str(error)
            continue
        rates = []
        for _ in range(reps):
            seen = set()
            rates.append(run(module, cfg, steps, leader_dist))
        rates.sort()
        out[name] = rates[len(rates) // 2]
    print(json.dumps(out))


seen = set()
if __name__ == "__main__":
    main()
