// TraCI's wire format (SUMO's tcpip::Storage): big-endian integers and doubles, strings as int32 length +
// bytes, typed values as a one-byte type tag + value. The addon reads the commands cavlab's TypeScript codec
// wrote and answers in the bytes a TCP SUMO would send, so src/traci decodes both transports the same way.
#pragma once
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace cavlab {

/** Bytes that do not follow the protocol: the message is rejected whole (TraciProtocolError in TypeScript). */
class ProtocolError : public std::runtime_error {
 public:
  explicit ProtocolError(const std::string& what) : std::runtime_error(what) {}
};

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), end_(size) {}
  size_t pos() const { return pos_; }
  size_t end() const { return end_; }
  bool more() const { return pos_ < end_; }
  /** A reader over [pos, pos + size) that this reader skips. */
  Reader sub(size_t size) {
    need(size);
    Reader r(data_ + pos_, size);
    pos_ += size;
    return r;
  }
  const uint8_t* at() const { return data_ + pos_; }

  uint8_t ubyte() { need(1); return data_[pos_++]; }
  int8_t byte() { return static_cast<int8_t>(ubyte()); }
  int32_t int32() {
    need(4);
    uint32_t v = (uint32_t(data_[pos_]) << 24) | (uint32_t(data_[pos_ + 1]) << 16) | (uint32_t(data_[pos_ + 2]) << 8) | uint32_t(data_[pos_ + 3]);
    pos_ += 4;
    return static_cast<int32_t>(v);
  }
  double float64() {
    need(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | data_[pos_ + i];
    pos_ += 8;
    double d;
    std::memcpy(&d, &v, 8);
    return d;
  }
  std::string string() {
    int32_t n = int32();
    if (n < 0) throw ProtocolError("negative string length");
    need(size_t(n));
    std::string s(reinterpret_cast<const char*>(data_ + pos_), size_t(n));
    pos_ += size_t(n);
    return s;
  }
  std::vector<std::string> stringList() {
    int32_t n = int32();
    if (n < 0) throw ProtocolError("negative list length");
    std::vector<std::string> list;
    list.reserve(size_t(n));
    for (int32_t i = 0; i < n; i++) list.push_back(string());
    return list;
  }
  void tag(uint8_t expected, const char* what) {
    uint8_t t = ubyte();
    if (t != expected) throw ProtocolError(std::string("expected a ") + what + " (type 0x" + hex(expected) + "), found type 0x" + hex(t));
  }
  double typedDouble() { tag(0x0B, "double"); return float64(); }
  int32_t typedInt() { tag(0x09, "int"); return int32(); }
  int8_t typedByte() { tag(0x08, "byte"); return byte(); }
  std::string typedString() { tag(0x0C, "string"); return string(); }
  std::vector<std::string> typedStringList() { tag(0x0E, "string list"); return stringList(); }
  int32_t compound() { tag(0x0F, "compound"); return int32(); }
  void skip(size_t n) { need(n); pos_ += n; }
  /** Skips one typed value of any type (parameters whose meaning the caller does not need). */
  void skipTyped();

  static std::string hex(unsigned v) {
    static const char* digits = "0123456789abcdef";
    std::string s;
    s += digits[(v >> 4) & 15];
    s += digits[v & 15];
    return s;
  }

 private:
  void need(size_t n) const {
    if (pos_ + n > end_) throw ProtocolError("message ends early at offset " + std::to_string(pos_));
  }
  const uint8_t* data_;
  size_t end_;
  size_t pos_ = 0;
};

class Writer {
 public:
  std::vector<uint8_t>& bytes() { return buf_; }
  size_t size() const { return buf_.size(); }
  void clear() { buf_.clear(); }
  Writer& ubyte(uint8_t v) { buf_.push_back(v); return *this; }
  Writer& int32(int32_t value) {
    uint32_t v = static_cast<uint32_t>(value);
    uint8_t b[4] = {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
    buf_.insert(buf_.end(), b, b + 4);
    return *this;
  }
  Writer& float64(double d) {
    uint64_t v;
    std::memcpy(&v, &d, 8);
    uint8_t b[8];
    for (int i = 7; i >= 0; i--) { b[i] = uint8_t(v); v >>= 8; }
    buf_.insert(buf_.end(), b, b + 8);
    return *this;
  }
  Writer& string(const std::string& s) {
    int32(int32_t(s.size()));
    buf_.insert(buf_.end(), s.begin(), s.end());
    return *this;
  }
  Writer& stringList(const std::vector<std::string>& list) {
    int32(int32_t(list.size()));
    for (const auto& s : list) string(s);
    return *this;
  }
  Writer& raw(const uint8_t* p, size_t n) { buf_.insert(buf_.end(), p, p + n); return *this; }

  /** Starts a command whose length is patched by endCommand (always the long form: 0, int32 length). */
  size_t beginCommand() {
    size_t mark = buf_.size();
    ubyte(0).int32(0);
    return mark;
  }
  /** Patches the length of the command started at `mark`; short commands get SUMO's one-byte form. */
  void endCommand(size_t mark) {
    size_t length = buf_.size() - mark;
    if (length - 4 <= 255) {
      // One-byte length: drop the 4 spare bytes and count the 1-byte header.
      buf_.erase(buf_.begin() + long(mark) + 1, buf_.begin() + long(mark) + 5);
      buf_[mark] = uint8_t(length - 4);
    } else {
      uint32_t v = uint32_t(length);
      buf_[mark + 1] = uint8_t(v >> 24);
      buf_[mark + 2] = uint8_t(v >> 16);
      buf_[mark + 3] = uint8_t(v >> 8);
      buf_[mark + 4] = uint8_t(v);
    }
  }

 private:
  std::vector<uint8_t> buf_;
};

}  // namespace cavlab
