#include "dispatch.h"

#include <algorithm>
#include <unordered_set>

#include <libsumo/libsumo.h>

#include "variables.h"

namespace cavlab {
namespace {

namespace C = libsumo;

bool inRange(int id, int first) { return id >= first && id <= first + 0x0f; }

std::string hexId(int id) { return "0x" + Reader::hex(unsigned(id)); }

}  // namespace

void Session::start(const std::vector<std::string>& args) {
  std::vector<std::string> cmd{"sumo"};
  cmd.insert(cmd.end(), args.begin(), args.end());
  subscriptions_.clear();
  libsumo::Simulation::start(cmd);
  running_ = true;
}

void Session::close() {
  subscriptions_.clear();
  if (!running_) return;
  running_ = false;
  libsumo::Simulation::close();
}

const std::vector<uint8_t>& Session::exchange(const uint8_t* message, size_t size) {
  out_.clear();
  Reader r(message, size);
  const int32_t length = r.int32();
  if (length < 4 || size_t(length) != size) throw ProtocolError("message length " + std::to_string(length) + " does not match its " + std::to_string(size) + " bytes");
  while (r.more()) {
    size_t header = 1;
    size_t commandLength = r.ubyte();
    if (commandLength == 0) {
      commandLength = size_t(r.int32());
      header = 5;
    }
    if (commandLength < header + 1) throw ProtocolError("command length " + std::to_string(commandLength) + " is too short");
    Reader body = r.sub(commandLength - header);
    const int id = body.ubyte();
    command(id, body);
  }
  return out_.bytes();
}

void Session::status(int id, uint8_t result, const std::string& description) {
  const size_t mark = out_.beginCommand();
  out_.ubyte(uint8_t(id)).ubyte(result).string(description);
  out_.endCommand(mark);
}

void Session::command(int id, Reader& body) {
  if (id == C::CMD_GETVERSION) {
    const auto version = libsumo::Simulation::getVersion();
    status(id, C::RTYPE_OK, "");
    const size_t mark = out_.beginCommand();
    out_.ubyte(C::CMD_GETVERSION).int32(version.first).string(version.second);
    out_.endCommand(mark);
    return;
  }
  if (id == C::CMD_SETORDER) {
    body.int32();
    status(id, C::RTYPE_OK, "");
    return;
  }
  if (id == C::CMD_CLOSE) {
    close();
    status(id, C::RTYPE_OK, "");
    return;
  }
  if (!running_) throw SimulationLost("no simulation is running in this process");
  try {
    if (id == C::CMD_LOAD) {
      const auto args = body.typedStringList();
      subscriptions_.clear();
      libsumo::Simulation::load(args);
      status(id, C::RTYPE_OK, "");
    } else if (id == C::CMD_SIMSTEP) {
      step(body);
    } else if (inRange(id, 0xa0)) {
      get(id, body);
    } else if (inRange(id, 0xc0)) {
      set(id, body);
    } else if (inRange(id, 0xd0)) {
      subscribe(id, body);
    } else {
      status(id, C::RTYPE_NOTIMPLEMENTED, "command " + hexId(id) + " is not served by cavlab's libsumo transport");
    }
  } catch (const libsumo::TraCIException& e) {
    // What SUMO's server answers for a failed command: an error status; the simulation goes on.
    status(id, C::RTYPE_ERR, e.what());
  } catch (const ProtocolError&) {
    throw;
  } catch (const std::exception& e) {
    // SUMO's server exits on anything else (ProcessError, …); libsumo's state is not trustworthy after it.
    running_ = false;
    subscriptions_.clear();
    throw SimulationLost(e.what());
  }
}

void Session::get(int id, Reader& body) {
  const int var = body.ubyte();
  const std::string objectId = body.string();
  Reader param = body.sub(body.end() - body.pos());
  value_.clear();
  if (!writeVariable(value_, id, var, objectId, param.more() ? &param : nullptr)) {
    status(id, C::RTYPE_NOTIMPLEMENTED, "variable " + hexId(var) + " of command " + hexId(id) + " is not served by cavlab's libsumo transport");
    return;
  }
  status(id, C::RTYPE_OK, "");
  const size_t mark = out_.beginCommand();
  out_.ubyte(uint8_t(id + 0x10)).ubyte(uint8_t(var)).string(objectId);
  out_.raw(value_.bytes().data(), value_.size());
  out_.endCommand(mark);
}

void Session::set(int id, Reader& body) {
  const int var = body.ubyte();
  const std::string objectId = body.string();
  if (!applySetter(id, var, objectId, body)) {
    status(id, C::RTYPE_NOTIMPLEMENTED, "variable " + hexId(var) + " of command " + hexId(id) + " is not served by cavlab's libsumo transport");
    return;
  }
  status(id, C::RTYPE_OK, "");
}

void Session::subscribe(int id, Reader& body) {
  body.float64();  // begin: cavlab subscribes for the whole simulation (INVALID_DOUBLE_VALUE)
  body.float64();  // end
  Subscription s{id - 0x30, body.string(), {}, {}};
  const int count = body.ubyte();
  for (int i = 0; i < count; i++) {
    const int var = body.ubyte();
    s.variables.push_back(var);
    std::vector<uint8_t> parameter;
    if (takesParameter(s.getCmd, var)) {
      const size_t from = body.pos();
      const uint8_t* start = body.at();
      body.skipTyped();
      parameter.assign(start, start + (body.pos() - from));
    }
    s.parameters.push_back(std::move(parameter));
  }
  auto same = [&](const Subscription& o) { return o.getCmd == s.getCmd && o.objectId == s.objectId; };
  auto existing = std::find_if(subscriptions_.begin(), subscriptions_.end(), same);
  if (count == 0) {
    if (existing != subscriptions_.end()) subscriptions_.erase(existing);
    status(id, C::RTYPE_OK, "");
    return;
  }
  // The answer carries the current values; a subscription that cannot be served now is refused.
  const size_t before = out_.size();
  status(id, C::RTYPE_OK, "");
  std::string error;
  if (!writeSubscription(s, &error)) {
    out_.bytes().resize(before);
    status(id, C::RTYPE_ERR, "Subscription to " + s.objectId + " failed: " + error);
    return;
  }
  if (existing != subscriptions_.end()) *existing = std::move(s);
  else subscriptions_.push_back(std::move(s));
}

bool Session::writeSubscription(const Subscription& s, std::string* error) {
  const size_t mark = out_.beginCommand();
  out_.ubyte(uint8_t(s.getCmd + 0x40)).string(s.objectId).ubyte(uint8_t(s.variables.size()));
  for (size_t i = 0; i < s.variables.size(); i++) {
    const auto& parameter = s.parameters[i];
    Reader param(parameter.data(), parameter.size());
    value_.clear();
    try {
      if (!writeVariable(value_, s.getCmd, s.variables[i], s.objectId, parameter.empty() ? nullptr : &param)) {
        throw libsumo::TraCIException("variable " + hexId(s.variables[i]) + " is not served by cavlab's libsumo transport");
      }
    } catch (const libsumo::TraCIException& e) {
      out_.bytes().resize(mark);
      *error = e.what();
      return false;
    }
    out_.ubyte(uint8_t(s.variables[i])).ubyte(C::RTYPE_OK).raw(value_.bytes().data(), value_.size());
  }
  out_.endCommand(mark);
  return true;
}

void Session::step(Reader& body) {
  libsumo::Simulation::step(body.float64());
  status(C::CMD_SIMSTEP, C::RTYPE_OK, "");
  // Vehicles that left the network lose their subscriptions, as in SUMO's server.
  const auto arrived = libsumo::Simulation::getArrivedIDList();
  if (!arrived.empty()) {
    const std::unordered_set<std::string> gone(arrived.begin(), arrived.end());
    subscriptions_.erase(std::remove_if(subscriptions_.begin(), subscriptions_.end(), [&](const Subscription& s) {
      return s.getCmd == C::CMD_GET_VEHICLE_VARIABLE && gone.count(s.objectId) > 0;
    }), subscriptions_.end());
  }
  const size_t countAt = out_.size();
  out_.int32(0);
  int32_t count = 0;
  std::string error;
  for (auto it = subscriptions_.begin(); it != subscriptions_.end();) {
    if (writeSubscription(*it, &error)) {
      count++;
      ++it;
    } else {
      // An object that can no longer be read (removed some other way) is dropped like an arrived one.
      it = subscriptions_.erase(it);
    }
  }
  auto& bytes = out_.bytes();
  bytes[countAt] = uint8_t(uint32_t(count) >> 24);
  bytes[countAt + 1] = uint8_t(uint32_t(count) >> 16);
  bytes[countAt + 2] = uint8_t(uint32_t(count) >> 8);
  bytes[countAt + 3] = uint8_t(count);
}

void Reader::skipTyped() {
  const uint8_t type = ubyte();
  switch (type) {
    case C::TYPE_UBYTE: case C::TYPE_BYTE: skip(1); return;
    case C::TYPE_INTEGER: skip(4); return;
    case C::TYPE_DOUBLE: skip(8); return;
    case C::TYPE_STRING: string(); return;
    case C::TYPE_STRINGLIST: stringList(); return;
    case C::TYPE_COLOR: skip(4); return;
    case C::POSITION_2D: skip(16); return;
    case C::POSITION_3D: skip(24); return;
    case C::TYPE_COMPOUND: {
      const int32_t n = int32();
      for (int32_t i = 0; i < n; i++) skipTyped();
      return;
    }
    default: throw ProtocolError("cannot skip a value of type 0x" + hex(type));
  }
}

}  // namespace cavlab
