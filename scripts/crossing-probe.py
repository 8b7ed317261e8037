#!/usr/bin/env python3
"""When do intersection8's learners first collide if every one of them drives at one constant speed?

A diagnostic for docs/reproduction/ma-pmbrl.md: the scenario's learners run on speedMode 23 (safe speed, acceleration
and deceleration limits, but no right of way at the crossing), so a learner that does not slow down meets a human in
the crossing; this prints, per constant speed, the step of the first collision (and who, and where) with speedMode 23,
and with 31 (right of way kept) for comparison. Uses SUMO's own Python TraCI (sumo-tools) and the scenario's config:

    python3 scripts/crossing-probe.py [horizon]

SUMO_HOME, when unset, is share/sumo beside the `sumo` binary's bin folder, as cavlab sets it (SUMO rejects the
scenario's schema'd route file without it); TraCI comes from $SUMO_HOME/tools.
"""
import os
import shutil
import sys

if 'SUMO_HOME' not in os.environ:
    binary = shutil.which('sumo')
    if binary is None:
        sys.exit('crossing-probe: no sumo on PATH (apt-get install sumo sumo-tools)')
    os.environ['SUMO_HOME'] = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(binary))), 'share', 'sumo')
sys.path.append(os.path.join(os.environ['SUMO_HOME'], 'tools'))

import traci  # noqa: E402  (found through SUMO_HOME above)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIG = os.path.join(ROOT, 'sumo-scenarios', 'intersection8', 'intersection8.sumocfg')
SPEEDS = [3, 5, 6, 7, 7.5, 8, 9, 11, 13.89]
HORIZON = int(sys.argv[1]) if len(sys.argv) > 1 else 1500


def first_collision(speed, mode):
    traci.start(['sumo', '-c', CONFIG, '--seed', '0', '--no-warnings', 'true', '--no-step-log', 'true'])
    try:
        for step in range(1, HORIZON + 1):
            for vid in traci.vehicle.getIDList():
                if traci.vehicle.getTypeID(vid) == 'cav':
                    traci.vehicle.setSpeedMode(vid, mode)
                    traci.vehicle.setSpeed(vid, speed)
            traci.simulationStep()
            ids = traci.simulation.getCollidingVehiclesIDList()
            if ids:
                who = ' and '.join(f'{v} ({traci.vehicle.getTypeID(v)})' for v in sorted(ids))
                lanes = sorted({traci.vehicle.getLaneID(v) for v in ids})
                return f'step {step}: {who} on {", ".join(lanes)}'
        return f'none in {HORIZON} steps'
    finally:
        traci.close()


print('| learners\' speed (m/s) | speedMode 23 (the scenario\'s) | speedMode 31 (right of way kept) |')
print('| --- | --- | --- |')
for v in SPEEDS:
    print(f'| {v} | {first_collision(v, 23)} | {first_collision(v, 31)} |', flush=True)
