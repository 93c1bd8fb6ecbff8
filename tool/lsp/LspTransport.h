//===- LspTransport.h - JSON-RPC over Content-Length framing ----*- C++ -*-===//
//
// The language server's wire format, kept apart from the server so that it can
// be unit-tested and fuzzed alone: it depends on LLVM's Support library only
// (llvm/Support/JSON.h), not on clang.
//
// Reading is forgiving: a malformed header block or an oversized message is
// reported (ReadResult::Malformed) and the reader carries on with the next
// message, so one bad message never ends the session.
//
//===----------------------------------------------------------------------===//
#ifndef COROLINT_TOOL_LSPTRANSPORT_H
#define COROLINT_TOOL_LSPTRANSPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

namespace corolint::lsp {

/// Where the reader's bytes come from.
class ByteSource {
public:
  virtual ~ByteSource();
  /// Reads up to Size bytes into Buffer; returns 0 only at the end of input.
  virtual size_t read(char *Buffer, size_t Size) = 0;
};

/// A file descriptor (the server's standard input). Read errors end the input.
class FdSource : public ByteSource {
public:
  explicit FdSource(int Fd) : Fd(Fd) {}
  size_t read(char *Buffer, size_t Size) override;

private:
  int Fd;
};

/// Bytes in memory, handed out at most MaxChunk at a time (to exercise
/// messages split across reads).
class StringSource : public ByteSource {
public:
  explicit StringSource(llvm::StringRef Data, size_t MaxChunk = SIZE_MAX)
      : Data(Data), MaxChunk(MaxChunk ? MaxChunk : 1) {}
  size_t read(char *Buffer, size_t Size) override;

private:
  llvm::StringRef Data;
  size_t MaxChunk;
  size_t Pos = 0;
};

/// The largest message body accepted. Editors send a whole document in
/// didOpen/didChange; 64 MiB leaves room for any source file while bounding
/// what a broken or hostile client can make the server allocate.
inline constexpr size_t DefaultMaxMessageBytes = size_t(64) << 20;
/// A header line longer than this is not a header (it is skipped).
inline constexpr size_t MaxHeaderLineBytes = 4096;

struct ReadResult {
  enum Kind {
    Message,   ///< Body holds one message's bytes (not yet parsed).
    Malformed, ///< Problem says what was wrong; the bytes were skipped.
    End,       ///< The input ended (possibly inside a message).
  } K = End;
  std::string Body;
  std::string Problem;
};

/// Splits a byte stream into messages: header lines ("Content-Length: N",
/// others ignored) ended by an empty line, then N bytes of body.
///
/// - A missing or unreadable Content-Length: Malformed, and the next header
///   block is read. A header line that has text before "Content-Length:"
///   (the tail of a body whose length was wrong) still counts, so the reader
///   finds its way back to the next message.
/// - A Content-Length over the limit: the body is skipped as it streams in
///   (never held in memory), then Malformed. The length is what frames the
///   stream, so skipping exactly that many bytes keeps the next message
///   intact.
class MessageReader {
public:
  explicit MessageReader(ByteSource &Source, size_t MaxMessageBytes = DefaultMaxMessageBytes)
      : Source(Source), MaxMessageBytes(MaxMessageBytes) {}

  ReadResult read();

private:
  /// Appends more input to Buffer; false at the end of input.
  bool fill();
  /// The next line without its "\r\n" or "\n"; nullopt at the end of input.
  /// A line over MaxHeaderLineBytes is consumed and reported as TooLong.
  std::optional<std::string> readLine(bool &TooLong);
  /// Consumes N bytes; false if the input ended first.
  bool skip(size_t N);

  ByteSource &Source;
  size_t MaxMessageBytes;
  std::string Buffer;
  size_t Pos = 0;
  bool AtEnd = false;
};

/// JSON-RPC and LSP error codes.
enum ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
};

/// One JSON-RPC 2.0 message.
struct Message {
  enum Kind { Request, Notification, Response } K = Notification;
  std::string Method;
  /// Requests and responses: a number or a string.
  llvm::json::Value Id = nullptr;
  /// Requests and notifications: params (object, array or null); responses:
  /// the result or the error object.
  llvm::json::Value Params = nullptr;
  /// Responses: Params is the error object.
  bool IsError = false;
};

/// Why a body is not a message, and the error reply's id: the request's id
/// when it could be read, else null (as JSON-RPC asks).
struct ParseFailure {
  ErrorCode Code = ParseError;
  std::string Reason;
  llvm::json::Value Id = nullptr;
  /// True if a reply is due: a request was recognised, or the body could not
  /// be read at all (then it may have been a request). False for a broken
  /// notification, which gets no reply.
  bool NeedsReply = true;
};

/// Parses and validates one body: valid JSON, an object, "jsonrpc": "2.0", an
/// id that is a number or a string, a string method, params that are an
/// object or an array. Returns false and fills Failure otherwise.
bool parseMessage(llvm::StringRef Body, Message &Out, ParseFailure &Failure);

/// The message as JSON-RPC (the inverse of parseMessage).
llvm::json::Value toJSON(const Message &M);

/// "Content-Length: N\r\n\r\n" followed by the body.
std::string frame(const llvm::json::Value &Message);

/// Writes framed messages; safe to call from several threads.
class MessageWriter {
public:
  explicit MessageWriter(llvm::raw_ostream &OS) : OS(OS) {}
  /// A file (standard output): write errors are noticed.
  explicit MessageWriter(llvm::raw_fd_ostream &OS) : OS(OS), FdOS(&OS) {}

  void send(const llvm::json::Value &Message);
  void notify(llvm::StringRef Method, llvm::json::Value Params);
  void reply(const llvm::json::Value &Id, llvm::json::Value Result);
  void replyError(const llvm::json::Value &Id, ErrorCode Code, llvm::StringRef Message);

  /// False once a write has failed (the client is gone).
  bool healthy();

private:
  std::mutex Mutex;
  llvm::raw_ostream &OS;
  llvm::raw_fd_ostream *FdOS = nullptr;
  bool Failed = false;
};

} // namespace corolint::lsp

#endif
