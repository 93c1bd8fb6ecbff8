//===- LspTransport.cpp ---------------------------------------------------===//
#include "LspTransport.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

using llvm::json::Object;
using llvm::json::Value;

namespace corolint::lsp {

ByteSource::~ByteSource() = default;

size_t FdSource::read(char *Buffer, size_t Size) {
  for (;;) {
    ssize_t N = ::read(Fd, Buffer, Size);
    if (N >= 0)
      return static_cast<size_t>(N);
    if (errno != EINTR)
      return 0;
  }
}

size_t StringSource::read(char *Buffer, size_t Size) {
  size_t N = std::min({Size, MaxChunk, Data.size() - Pos});
  std::memcpy(Buffer, Data.data() + Pos, N);
  Pos += N;
  return N;
}

bool MessageReader::fill() {
  if (AtEnd)
    return false;
  // Drop what was consumed before growing the buffer.
  if (Pos > 0 && Pos >= Buffer.size() / 2) {
    Buffer.erase(0, Pos);
    Pos = 0;
  }
  char Chunk[65536];
  size_t N = Source.read(Chunk, sizeof Chunk);
  if (N == 0) {
    AtEnd = true;
    return false;
  }
  Buffer.append(Chunk, N);
  return true;
}

std::optional<std::string> MessageReader::readLine(bool &TooLong) {
  TooLong = false;
  size_t Scanned = 0; // bytes after Pos known to hold no newline
  for (;;) {
    size_t NewLine = Buffer.find('\n', Pos + Scanned);
    if (NewLine != std::string::npos) {
      TooLong = TooLong || NewLine - Pos > MaxHeaderLineBytes;
      std::string Line = TooLong ? "" : Buffer.substr(Pos, NewLine - Pos);
      Pos = NewLine + 1;
      if (!Line.empty() && Line.back() == '\r')
        Line.pop_back();
      return Line;
    }
    Scanned = Buffer.size() - Pos;
    if (Scanned > MaxHeaderLineBytes) {
      // Not a header: drop it as it streams in, up to its end.
      TooLong = true;
      Pos = Buffer.size();
      Scanned = 0;
    }
    if (!fill()) // keeps the bytes after Pos (Scanned stays relative to Pos)
      return std::nullopt;
  }
}

bool MessageReader::skip(size_t N) {
  for (;;) {
    size_t Here = std::min(N, Buffer.size() - Pos);
    Pos += Here;
    N -= Here;
    if (N == 0)
      return true;
    // Buffer is empty now: fill() drops it rather than growing it.
    if (!fill())
      return false;
  }
}

namespace {

/// The value after "Content-Length:" (case-insensitive) anywhere in the line,
/// trimmed; nullopt if the line has no such header.
std::optional<llvm::StringRef> contentLengthValue(llvm::StringRef Line) {
  static constexpr llvm::StringLiteral Name = "content-length:";
  size_t At = Line.find_insensitive(Name);
  if (At == llvm::StringRef::npos)
    return std::nullopt;
  return Line.drop_front(At + Name.size()).trim(" \t");
}

} // namespace

ReadResult MessageReader::read() {
  // Not std::optional: g++ 12 warns, wrongly, that it may be uninitialized.
  uint64_t Length = 0;
  bool HaveLength = false;
  std::string Problem;
  bool SawHeader = false;
  for (;;) {
    bool TooLong = false;
    std::optional<std::string> Line = readLine(TooLong);
    if (!Line)
      return {ReadResult::End, "", ""};
    if (TooLong) {
      SawHeader = true;
      Problem = "a header line longer than " + std::to_string(MaxHeaderLineBytes) + " bytes";
      continue;
    }
    if (Line->empty()) {
      if (!SawHeader)
        continue; // blank lines between messages
      break;
    }
    SawHeader = true;
    if (std::optional<llvm::StringRef> Text = contentLengthValue(*Line)) {
      uint64_t N = 0;
      // Digits only (no sign, no spaces inside), and no overflow.
      if (Text->empty() || Text->size() > 19 || !llvm::all_of(*Text, llvm::isDigit) ||
          Text->getAsInteger(10, N)) {
        Problem = "an invalid Content-Length '" + Text->take_front(40).str() + "'";
        HaveLength = false;
      } else {
        Length = N;
        HaveLength = true;
      }
    }
    // Other headers (Content-Type) are ignored.
  }
  if (!HaveLength)
    return {ReadResult::Malformed, "",
            Problem.empty() ? "a header block without Content-Length" : Problem};
  if (Length > MaxMessageBytes) {
    bool Complete = skip(Length);
    return {ReadResult::Malformed, "",
            "a message of " + std::to_string(Length) + " bytes, over the limit of " +
                std::to_string(MaxMessageBytes) + (Complete ? " (skipped)" : " (input ended)")};
  }
  while (Buffer.size() - Pos < Length)
    if (!fill())
      return {ReadResult::End, "", "the input ended inside a message"};
  ReadResult R{ReadResult::Message, Buffer.substr(Pos, Length), ""};
  Pos += Length;
  return R;
}

bool parseMessage(llvm::StringRef Body, Message &Out, ParseFailure &Failure) {
  auto Fail = [&](ErrorCode Code, std::string Reason, Value Id, bool NeedsReply) {
    Failure = ParseFailure{Code, std::move(Reason), std::move(Id), NeedsReply};
    return false;
  };
  llvm::Expected<Value> Parsed = llvm::json::parse(Body);
  if (!Parsed)
    return Fail(ParseError, "invalid JSON: " + llvm::toString(Parsed.takeError()), nullptr, true);
  const Object *O = Parsed->getAsObject();
  if (!O)
    return Fail(InvalidRequest, "a message must be a JSON object", nullptr, true);

  // The id first, so that later errors can name the request.
  Value Id = nullptr;
  const Value *IdField = O->get("id");
  bool HasId = IdField != nullptr;
  if (HasId) {
    if (IdField->getAsInteger() || IdField->getAsString())
      Id = *IdField;
    else if (IdField->kind() != Value::Null)
      return Fail(InvalidRequest, "the id must be an integer or a string", nullptr, true);
  }
  const Value *Method = O->get("method");
  bool IsCall = Method != nullptr;
  // Without an id nothing can be replied to, unless the message was a call.
  bool Replyable = HasId;

  std::optional<llvm::StringRef> Version = O->getString("jsonrpc");
  if (!Version || *Version != "2.0")
    return Fail(InvalidRequest, "\"jsonrpc\" must be \"2.0\"", Id, Replyable || !IsCall);

  if (IsCall) {
    std::optional<llvm::StringRef> Name = Method->getAsString();
    if (!Name)
      return Fail(InvalidRequest, "the method must be a string", Id, Replyable);
    Value Params = nullptr;
    // `"params": null` is read as no params: clients send it for shutdown
    // and exit (JSON-RPC says omit it), and refusing it would keep the
    // server from ever shutting down for them.
    if (const Value *P = O->get("params"); P && P->kind() != Value::Null) {
      if (P->kind() != Value::Object && P->kind() != Value::Array)
        return Fail(InvalidRequest, "params must be an object or an array", Id, Replyable);
      Params = *P;
    }
    if (HasId && Id.kind() == Value::Null)
      return Fail(InvalidRequest, "a request's id must not be null", nullptr, true);
    Out.K = HasId ? Message::Request : Message::Notification;
    Out.Method = Name->str();
    Out.Id = std::move(Id);
    Out.Params = std::move(Params);
    Out.IsError = false;
    return true;
  }

  // A response (to a request of the server's).
  const Value *Result = O->get("result");
  const Value *Error = O->get("error");
  if (!HasId || (Result == nullptr) == (Error == nullptr))
    return Fail(InvalidRequest, "neither a request, a notification nor a response", nullptr, false);
  Out.K = Message::Response;
  Out.Method.clear();
  Out.Id = std::move(Id);
  Out.Params = Result ? *Result : *Error;
  Out.IsError = Error != nullptr;
  return true;
}

Value toJSON(const Message &M) {
  Object O{{"jsonrpc", "2.0"}};
  if (M.K != Message::Notification)
    O["id"] = M.Id;
  if (M.K == Message::Response) {
    O[M.IsError ? "error" : "result"] = M.Params;
    return O;
  }
  O["method"] = M.Method;
  if (M.Params.kind() != Value::Null)
    O["params"] = M.Params;
  return O;
}

std::string frame(const Value &Message) {
  std::string Body;
  llvm::raw_string_ostream(Body) << Message;
  return "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
}

void MessageWriter::send(const Value &Message) {
  std::string Framed = frame(Message);
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Failed)
    return;
  OS << Framed;
  OS.flush();
  if (FdOS && FdOS->has_error()) {
    // The client is gone; clear the error so that the stream does not abort
    // the process when it is destroyed.
    FdOS->clear_error();
    Failed = true;
  }
}

void MessageWriter::notify(llvm::StringRef Method, Value Params) {
  send(Object{{"jsonrpc", "2.0"}, {"method", Method}, {"params", std::move(Params)}});
}

void MessageWriter::reply(const Value &Id, Value Result) {
  send(Object{{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
}

void MessageWriter::replyError(const Value &Id, ErrorCode Code, llvm::StringRef Message) {
  send(Object{{"jsonrpc", "2.0"},
              {"id", Id},
              {"error", Object{{"code", static_cast<int>(Code)}, {"message", Message}}}});
}

bool MessageWriter::healthy() {
  std::lock_guard<std::mutex> Lock(Mutex);
  return !Failed;
}

} // namespace corolint::lsp
