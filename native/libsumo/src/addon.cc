/*
 * cavlab_libsumo: SUMO in this process through libsumo, behind TraCI's wire format. TypeScript encodes the
 * same commands it sends over TCP, `exchange` answers them with the bytes SUMO's TraCI server would send, and
 * src/traci decodes both transports with one codec (so the env, the kernel and the trace never know which
 * transport runs). One message per call: a step's actions, the step and every subscribed read cross the
 * boundary once. libsumo holds one simulation per process, so this addon has one Session.
 *
 * start(args: string[]): starts SUMO with args (without the binary).
 * exchange(message: Uint8Array): Buffer — the answer to one framed message (without its length header).
 * close(): ends the simulation (safe to call twice). running(): boolean.
 * Errors thrown to JavaScript carry `code`: "SUMO_START" (start failed), "PROTOCOL" (bytes not understood),
 * "SIMULATION_LOST" (libsumo failed beyond a command error; the simulation is gone), "USAGE".
 */
#include <node_api.h>

#include <string>
#include <vector>

#include "dispatch.h"

namespace {

cavlab::Session session;

napi_value fail(napi_env env, const char* code, const std::string& message) {
  napi_throw_error(env, code, message.c_str());
  return nullptr;
}

bool readString(napi_env env, napi_value value, std::string* out) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) return false;
  out->resize(length);
  return napi_get_value_string_utf8(env, value, out->data(), length + 1, &length) == napi_ok;
}

napi_value Start(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  bool isArray = false;
  if (argc < 1 || napi_is_array(env, argv[0], &isArray) != napi_ok || !isArray) return fail(env, "USAGE", "start takes an array of SUMO arguments");
  if (session.running()) return fail(env, "USAGE", "a simulation already runs in this process (libsumo holds one per process)");
  uint32_t n = 0;
  napi_get_array_length(env, argv[0], &n);
  std::vector<std::string> args(n);
  for (uint32_t i = 0; i < n; i++) {
    napi_value item;
    napi_get_element(env, argv[0], i, &item);
    if (!readString(env, item, &args[i])) return fail(env, "USAGE", "SUMO argument " + std::to_string(i) + " is not a string");
  }
  try {
    session.start(args);
  } catch (const std::exception& e) {
    return fail(env, "SUMO_START", e.what());
  }
  return nullptr;
}

napi_value Exchange(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  bool isTyped = false;
  if (argc < 1 || napi_is_typedarray(env, argv[0], &isTyped) != napi_ok || !isTyped) return fail(env, "USAGE", "exchange takes a Uint8Array message");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  napi_get_typedarray_info(env, argv[0], &type, &length, &data, nullptr, nullptr);
  if (type != napi_uint8_array) return fail(env, "USAGE", "exchange takes a Uint8Array message");
  try {
    const auto& answer = session.exchange(static_cast<const uint8_t*>(data), length);
    napi_value result;
    void* copy = nullptr;
    if (napi_create_buffer_copy(env, answer.size(), answer.data(), &copy, &result) != napi_ok) return fail(env, "USAGE", "cannot allocate the answer");
    return result;
  } catch (const cavlab::ProtocolError& e) {
    return fail(env, "PROTOCOL", e.what());
  } catch (const cavlab::SimulationLost& e) {
    return fail(env, "SIMULATION_LOST", e.what());
  } catch (const std::exception& e) {
    return fail(env, "SIMULATION_LOST", e.what());
  }
}

napi_value Close(napi_env env, napi_callback_info) {
  try {
    session.close();
  } catch (const std::exception& e) {
    return fail(env, "SIMULATION_LOST", e.what());
  }
  return nullptr;
}

napi_value Running(napi_env env, napi_callback_info) {
  napi_value result;
  napi_get_boolean(env, session.running(), &result);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"start", nullptr, Start, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"exchange", nullptr, Exchange, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"close", nullptr, Close, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"running", nullptr, Running, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
