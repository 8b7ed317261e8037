// The variables and setters of the TraCI domains cavlab's TypeScript client has (src/traci/domains/*.ts),
// served by libsumo's C++ API and written in the wire format a TCP SUMO answers with.
#pragma once
#include <string>
#include "wire.h"

namespace cavlab {

/**
 * Writes the typed value of variable `var` of object `id` in the domain whose get command is `getCmd`.
 * `param` holds the variable's parameter (e.g. VAR_LEADER's look-ahead) or is null. Returns false when this
 * transport does not serve the variable; libsumo::TraCIException passes through (unknown object, …).
 */
bool writeVariable(Writer& w, int getCmd, int var, const std::string& id, Reader* param);

/** Whether a subscription of `var` carries a parameter after its id (SUMO 1.15: leader/follower). */
bool takesParameter(int getCmd, int var);

/** Applies a set command's typed value; false when this transport does not serve it. */
bool applySetter(int setCmd, int var, const std::string& id, Reader& value);

}  // namespace cavlab
