// Getter and setter tables: one line per variable, mirroring src/traci/domains/*.ts (same ids, same types).
#include "variables.h"

#include <libsumo/libsumo.h>

namespace cavlab {
namespace {

namespace C = libsumo;

void typedDouble(Writer& w, double v) { w.ubyte(C::TYPE_DOUBLE).float64(v); }
void typedInt(Writer& w, int v) { w.ubyte(C::TYPE_INTEGER).int32(v); }
void typedString(Writer& w, const std::string& v) { w.ubyte(C::TYPE_STRING).string(v); }
void typedStringList(Writer& w, const std::vector<std::string>& v) { w.ubyte(C::TYPE_STRINGLIST).stringList(v); }
void typedPolygon(Writer& w, const libsumo::TraCIPositionVector& shape) {
  w.ubyte(C::TYPE_POLYGON);
  const auto& points = shape.value;
  if (points.size() <= 255) w.ubyte(uint8_t(points.size()));
  else w.ubyte(0).int32(int32_t(points.size()));
  for (const auto& p : points) w.float64(p.x).float64(p.y);
}
void typedNeighbour(Writer& w, const std::pair<std::string, double>& n) {
  w.ubyte(C::TYPE_COMPOUND).int32(2);
  typedString(w, n.first);
  typedDouble(w, n.second);
}
double distanceParam(Reader* param) { return param ? param->typedDouble() : 0.; }

bool vehicle(Writer& w, int var, const std::string& id, Reader* param) {
  using V = libsumo::Vehicle;
  switch (var) {
    case C::TRACI_ID_LIST: typedStringList(w, V::getIDList()); return true;
    case C::ID_COUNT: typedInt(w, V::getIDCount()); return true;
    case C::VAR_SPEED: typedDouble(w, V::getSpeed(id)); return true;
    case C::VAR_ACCELERATION: typedDouble(w, V::getAcceleration(id)); return true;
    case C::VAR_POSITION: {
      const auto p = V::getPosition(id);
      w.ubyte(C::POSITION_2D).float64(p.x).float64(p.y);
      return true;
    }
    case C::VAR_POSITION3D: {
      const auto p = V::getPosition3D(id);
      w.ubyte(C::POSITION_3D).float64(p.x).float64(p.y).float64(p.z);
      return true;
    }
    case C::VAR_ANGLE: typedDouble(w, V::getAngle(id)); return true;
    case C::VAR_LANEPOSITION: typedDouble(w, V::getLanePosition(id)); return true;
    case C::VAR_ROAD_ID: typedString(w, V::getRoadID(id)); return true;
    case C::VAR_LANE_ID: typedString(w, V::getLaneID(id)); return true;
    case C::VAR_LANE_INDEX: typedInt(w, V::getLaneIndex(id)); return true;
    case C::VAR_ROUTE_ID: typedString(w, V::getRouteID(id)); return true;
    case C::VAR_EDGES: typedStringList(w, V::getRoute(id)); return true;
    case C::VAR_TYPE: typedString(w, V::getTypeID(id)); return true;
    case C::VAR_DISTANCE: typedDouble(w, V::getDistance(id)); return true;
    case C::VAR_MAXSPEED: typedDouble(w, V::getMaxSpeed(id)); return true;
    case C::VAR_SPEEDSETMODE: typedInt(w, V::getSpeedMode(id)); return true;
    case C::VAR_COLOR: {
      const auto c = V::getColor(id);
      w.ubyte(C::TYPE_COLOR).ubyte(uint8_t(c.r)).ubyte(uint8_t(c.g)).ubyte(uint8_t(c.b)).ubyte(uint8_t(c.a));
      return true;
    }
    case C::VAR_LEADER: typedNeighbour(w, V::getLeader(id, distanceParam(param))); return true;
    case C::VAR_FOLLOWER: typedNeighbour(w, V::getFollower(id, distanceParam(param))); return true;
    default: return false;
  }
}

bool simulation(Writer& w, int var) {
  using S = libsumo::Simulation;
  switch (var) {
    case C::VAR_TIME: typedDouble(w, S::getTime()); return true;
    case C::VAR_DELTA_T: typedDouble(w, S::getDeltaT()); return true;
    case C::VAR_LOADED_VEHICLES_IDS: typedStringList(w, S::getLoadedIDList()); return true;
    case C::VAR_DEPARTED_VEHICLES_IDS: typedStringList(w, S::getDepartedIDList()); return true;
    case C::VAR_ARRIVED_VEHICLES_IDS: typedStringList(w, S::getArrivedIDList()); return true;
    case C::VAR_COLLIDING_VEHICLES_IDS: typedStringList(w, S::getCollidingVehiclesIDList()); return true;
    case C::VAR_COLLIDING_VEHICLES_NUMBER: typedInt(w, S::getCollidingVehiclesNumber()); return true;
    case C::VAR_TELEPORT_STARTING_VEHICLES_IDS: typedStringList(w, S::getStartingTeleportIDList()); return true;
    case C::VAR_MIN_EXPECTED_VEHICLES: typedInt(w, S::getMinExpectedNumber()); return true;
    case C::VAR_NET_BOUNDING_BOX: typedPolygon(w, S::getNetBoundary()); return true;
    default: return false;
  }
}

bool lane(Writer& w, int var, const std::string& id) {
  using L = libsumo::Lane;
  switch (var) {
    case C::TRACI_ID_LIST: typedStringList(w, L::getIDList()); return true;
    case C::ID_COUNT: typedInt(w, L::getIDCount()); return true;
    case C::VAR_LENGTH: typedDouble(w, L::getLength(id)); return true;
    case C::VAR_MAXSPEED: typedDouble(w, L::getMaxSpeed(id)); return true;
    case C::VAR_WIDTH: typedDouble(w, L::getWidth(id)); return true;
    case C::VAR_SHAPE: typedPolygon(w, L::getShape(id)); return true;
    case C::LANE_EDGE_ID: typedString(w, L::getEdgeID(id)); return true;
    case C::LAST_STEP_VEHICLE_ID_LIST: typedStringList(w, L::getLastStepVehicleIDs(id)); return true;
    default: return false;
  }
}

bool edge(Writer& w, int var, const std::string& id) {
  using E = libsumo::Edge;
  switch (var) {
    case C::TRACI_ID_LIST: typedStringList(w, E::getIDList()); return true;
    case C::ID_COUNT: typedInt(w, E::getIDCount()); return true;
    case C::VAR_LANE_INDEX: typedInt(w, E::getLaneNumber(id)); return true;
    case C::LAST_STEP_VEHICLE_ID_LIST: typedStringList(w, E::getLastStepVehicleIDs(id)); return true;
    case C::LAST_STEP_MEAN_SPEED: typedDouble(w, E::getLastStepMeanSpeed(id)); return true;
    case C::LAST_STEP_VEHICLE_NUMBER: typedInt(w, E::getLastStepVehicleNumber(id)); return true;
    case C::VAR_CURRENT_TRAVELTIME: typedDouble(w, E::getTraveltime(id)); return true;
    default: return false;
  }
}

bool route(Writer& w, int var, const std::string& id) {
  using R = libsumo::Route;
  switch (var) {
    case C::TRACI_ID_LIST: typedStringList(w, R::getIDList()); return true;
    case C::ID_COUNT: typedInt(w, R::getIDCount()); return true;
    case C::VAR_EDGES: typedStringList(w, R::getEdges(id)); return true;
    default: return false;
  }
}

bool vehicletype(Writer& w, int var, const std::string& id) {
  using T = libsumo::VehicleType;
  switch (var) {
    case C::TRACI_ID_LIST: typedStringList(w, T::getIDList()); return true;
    case C::ID_COUNT: typedInt(w, T::getIDCount()); return true;
    case C::VAR_LENGTH: typedDouble(w, T::getLength(id)); return true;
    case C::VAR_MAXSPEED: typedDouble(w, T::getMaxSpeed(id)); return true;
    case C::VAR_ACCEL: typedDouble(w, T::getAccel(id)); return true;
    case C::VAR_DECEL: typedDouble(w, T::getDecel(id)); return true;
    case C::VAR_TAU: typedDouble(w, T::getTau(id)); return true;
    case C::VAR_MINGAP: typedDouble(w, T::getMinGap(id)); return true;
    case C::VAR_IMPERFECTION: typedDouble(w, T::getImperfection(id)); return true;
    case C::VAR_VEHICLECLASS: typedString(w, T::getVehicleClass(id)); return true;
    default: return false;
  }
}

bool setVehicle(int var, const std::string& id, Reader& r) {
  using V = libsumo::Vehicle;
  switch (var) {
    case C::VAR_SPEED: V::setSpeed(id, r.typedDouble()); return true;
    case C::CMD_SLOWDOWN: {
      if (r.compound() != 2) throw ProtocolError("slowDown takes a compound of 2 items");
      const double speed = r.typedDouble();
      V::slowDown(id, speed, r.typedDouble());
      return true;
    }
    case C::VAR_SPEEDSETMODE: V::setSpeedMode(id, r.typedInt()); return true;
    case C::VAR_MAXSPEED: V::setMaxSpeed(id, r.typedDouble()); return true;
    case C::VAR_COLOR: {
      r.tag(C::TYPE_COLOR, "color");
      libsumo::TraCIColor c;
      c.r = r.ubyte(); c.g = r.ubyte(); c.b = r.ubyte(); c.a = r.ubyte();
      V::setColor(id, c);
      return true;
    }
    case C::CMD_CHANGELANE: {
      if (r.compound() != 2) throw ProtocolError("changeLane takes a compound of 2 items");
      const int laneIndex = r.typedByte();
      V::changeLane(id, laneIndex, r.typedDouble());
      return true;
    }
    case C::VAR_MOVE_TO: {
      if (r.compound() != 3) throw ProtocolError("moveTo takes a compound of 3 items");
      const std::string laneId = r.typedString();
      const double pos = r.typedDouble();
      V::moveTo(id, laneId, pos, r.typedInt());
      return true;
    }
    case C::REMOVE: V::remove(id, char(r.typedByte())); return true;
    case C::ADD_FULL: {
      if (r.compound() != 14) throw ProtocolError("vehicle.add takes a compound of 14 items");
      std::string s[12];
      for (auto& item : s) item = r.typedString();
      const int personCapacity = r.typedInt();
      const int personNumber = r.typedInt();
      V::add(id, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], personCapacity, personNumber);
      return true;
    }
    default: return false;
  }
}

bool setVehicletype(int var, const std::string& id, Reader& r) {
  using T = libsumo::VehicleType;
  switch (var) {
    case C::VAR_LENGTH: T::setLength(id, r.typedDouble()); return true;
    case C::VAR_MAXSPEED: T::setMaxSpeed(id, r.typedDouble()); return true;
    case C::VAR_ACCEL: T::setAccel(id, r.typedDouble()); return true;
    case C::VAR_DECEL: T::setDecel(id, r.typedDouble()); return true;
    case C::VAR_TAU: T::setTau(id, r.typedDouble()); return true;
    case C::VAR_MINGAP: T::setMinGap(id, r.typedDouble()); return true;
    case C::VAR_IMPERFECTION: T::setImperfection(id, r.typedDouble()); return true;
    default: return false;
  }
}

}  // namespace

bool writeVariable(Writer& w, int getCmd, int var, const std::string& id, Reader* param) {
  switch (getCmd) {
    case C::CMD_GET_VEHICLE_VARIABLE: return vehicle(w, var, id, param);
    case C::CMD_GET_SIM_VARIABLE: return simulation(w, var);
    case C::CMD_GET_LANE_VARIABLE: return lane(w, var, id);
    case C::CMD_GET_EDGE_VARIABLE: return edge(w, var, id);
    case C::CMD_GET_ROUTE_VARIABLE: return route(w, var, id);
    case C::CMD_GET_VEHICLETYPE_VARIABLE: return vehicletype(w, var, id);
    default: return false;
  }
}

bool takesParameter(int getCmd, int var) {
  return getCmd == C::CMD_GET_VEHICLE_VARIABLE && (var == C::VAR_LEADER || var == C::VAR_FOLLOWER);
}

bool applySetter(int setCmd, int var, const std::string& id, Reader& value) {
  switch (setCmd) {
    case C::CMD_SET_VEHICLE_VARIABLE: return setVehicle(var, id, value);
    case C::CMD_SET_VEHICLETYPE_VARIABLE: return setVehicletype(var, id, value);
    case C::CMD_SET_LANE_VARIABLE:
      if (var != C::VAR_MAXSPEED) return false;
      libsumo::Lane::setMaxSpeed(id, value.typedDouble());
      return true;
    case C::CMD_SET_EDGE_VARIABLE:
      if (var != C::VAR_MAXSPEED) return false;
      libsumo::Edge::setMaxSpeed(id, value.typedDouble());
      return true;
    case C::CMD_SET_ROUTE_VARIABLE:
      if (var != C::ADD) return false;
      libsumo::Route::add(id, value.typedStringList());
      return true;
    default: return false;
  }
}

}  // namespace cavlab
