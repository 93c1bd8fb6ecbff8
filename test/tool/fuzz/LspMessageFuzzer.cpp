//===- LspMessageFuzzer.cpp - libFuzzer harness for the LSP transport -----===//
//
// Input: one byte choosing how many bytes each read returns (1-64, or all),
// then the byte stream a client could send. Checks, beyond the sanitizers:
// - the reader never hands out a body over its limit, and says why it skips;
// - a message parseMessage accepts keeps its kind, method and id when the
//   server frames it again (replies echo ids), and a rejected one has a
//   reason;
// - byte offsets and UTF-16 positions of the body's text round-trip.
//
//===----------------------------------------------------------------------===//
#include "LspText.h"
#include "LspTransport.h"
#include <cstdint>
#include <cstdlib>

using namespace corolint::lsp;

static constexpr size_t Limit = 4096;

static void check(bool Condition) {
  if (!Condition)
    std::abort();
}

static void roundTrip(const Message &M) {
  Message Bare = M;
  Bare.Params = nullptr; // the server never echoes params
  std::string Wire = frame(toJSON(Bare));
  StringSource Source(Wire);
  MessageReader Reader(Source, Wire.size());
  ReadResult R = Reader.read();
  check(R.K == ReadResult::Message);
  Message Again;
  ParseFailure Failure;
  check(parseMessage(R.Body, Again, Failure));
  check(Again.K == M.K && Again.Method == M.Method && Again.Id == M.Id);
  check(Reader.read().K == ReadResult::End);
}

static void positions(llvm::StringRef Text) {
  for (size_t I = 0; I <= Text.size(); I += 1 + I % 7) {
    Position P = offsetToPosition(Text, I);
    size_t Back = positionToOffset(Text, P);
    check(Back <= I);
    check(offsetToPosition(Text, Back) == P);
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  size_t Chunk = Data[0] % 65 ? Data[0] % 65 : SIZE_MAX;
  llvm::StringRef Input(reinterpret_cast<const char *>(Data + 1), Size - 1);
  StringSource Source(Input, Chunk);
  MessageReader Reader(Source, Limit);
  for (;;) {
    ReadResult R = Reader.read();
    if (R.K == ReadResult::End)
      break;
    if (R.K == ReadResult::Malformed) {
      check(!R.Problem.empty());
      continue;
    }
    check(R.Body.size() <= Limit);
    Message M;
    ParseFailure Failure;
    if (parseMessage(R.Body, M, Failure))
      roundTrip(M);
    else
      check(!Failure.Reason.empty());
    positions(R.Body);
  }
  return 0;
}
