// The command interpreter: one TraCI message in, the answer a TCP SUMO would send out (without the 4-byte
// length header), served by libsumo in this process. Variable subscriptions are kept here and answered after
// every step, in the order they were made, as SUMO's TraCI server does.
#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include "wire.h"

namespace cavlab {

/** libsumo failed in a way SUMO's TCP server would not survive (it exits): the simulation is gone. */
class SimulationLost : public std::runtime_error {
 public:
  explicit SimulationLost(const std::string& what) : std::runtime_error(what) {}
};

class Session {
 public:
  /** Starts SUMO in this process with `args` (without the binary). */
  void start(const std::vector<std::string>& args);
  /** Answers every command of one message (the message's 4-byte length header included). */
  const std::vector<uint8_t>& exchange(const uint8_t* message, size_t size);
  /** Ends the simulation if one runs. */
  void close();
  bool running() const { return running_; }

 private:
  struct Subscription {
    int getCmd;
    std::string objectId;
    std::vector<int> variables;
    /** Each variable's parameter bytes (typed value), empty when it has none. */
    std::vector<std::vector<uint8_t>> parameters;
  };

  void command(int id, Reader& body);
  void status(int id, uint8_t result, const std::string& description);
  void get(int id, Reader& body);
  void set(int id, Reader& body);
  void subscribe(int id, Reader& body);
  void step(Reader& body);
  /** Writes a subscription's response command; false (nothing written) when a variable could not be read. */
  bool writeSubscription(const Subscription& s, std::string* error);

  Writer out_;
  Writer value_;
  std::vector<Subscription> subscriptions_;
  bool running_ = false;
};

}  // namespace cavlab
