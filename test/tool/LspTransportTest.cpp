//===- LspTransportTest.cpp - Framing and JSON-RPC messages of the LSP ----===//
#include "LspTransport.h"
#include "gtest/gtest.h"
#include <thread>

using namespace corolint::lsp;
using llvm::json::Object;
using llvm::json::Value;

namespace {

std::string framed(llvm::StringRef Body) {
  return "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body.str();
}

/// Every read of Input, in order, as "M:<body>", "X:<problem>" or "E".
std::vector<std::string> readAll(llvm::StringRef Input, size_t Chunk = SIZE_MAX,
                                 size_t Max = DefaultMaxMessageBytes) {
  StringSource Source(Input, Chunk);
  MessageReader Reader(Source, Max);
  std::vector<std::string> Out;
  for (;;) {
    ReadResult R = Reader.read();
    if (R.K == ReadResult::End) {
      Out.push_back("E");
      return Out;
    }
    Out.push_back(R.K == ReadResult::Message ? "M:" + R.Body : "X:" + R.Problem);
  }
}

TEST(LspTransportTest, ReadsMessagesWhateverTheReadSizes) {
  std::string Input = framed(R"({"a":1})") + framed(R"({"b":"é"})");
  for (size_t Chunk : {size_t(1), size_t(3), size_t(7), SIZE_MAX}) {
    auto Out = readAll(Input, Chunk);
    ASSERT_EQ(Out.size(), 3u) << Chunk;
    EXPECT_EQ(Out[0], R"(M:{"a":1})");
    EXPECT_EQ(Out[1], R"(M:{"b":"é"})");
    EXPECT_EQ(Out[2], "E");
  }
}

TEST(LspTransportTest, HeadersAreCaseInsensitiveOthersIgnoredBareNewlinesAccepted) {
  auto Out = readAll("content-length:  2\nContent-Type: application/vscode-jsonrpc\n\n{}"
                     "\r\n\r\nCONTENT-LENGTH: 3\r\n\r\n[1]");
  EXPECT_EQ(Out, (std::vector<std::string>{"M:{}", "M:[1]", "E"}));
}

TEST(LspTransportTest, BadHeaderBlocksAreReportedAndReadingGoesOn) {
  std::string Next = framed("{}");
  for (std::string Header :
       {"Content-Type: x\r\n\r\n", "Content-Length: abc\r\n\r\n", "Content-Length: -5\r\n\r\n",
        "Content-Length: 1 2\r\n\r\n", "Content-Length: 99999999999999999999999\r\n\r\n"}) {
    auto Out = readAll(Header + Next);
    ASSERT_EQ(Out.size(), 3u) << Header;
    EXPECT_TRUE(llvm::StringRef(Out[0]).starts_with("X:")) << Header;
    EXPECT_EQ(Out[1], "M:{}") << Header;
  }
}

TEST(LspTransportTest, FindsTheNextHeaderAfterABodyOfTheWrongLength) {
  // The first length is 2 bytes short: the rest of that body runs into the
  // next header line, which is still recognised.
  auto Out = readAll("Content-Length: 5\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}");
  EXPECT_EQ(Out, (std::vector<std::string>{"M:{\"a\":", "M:{}", "E"}));
}

TEST(LspTransportTest, OversizedMessagesAreSkippedWithoutLosingTheNext) {
  std::string Big(200, 'x');
  auto Out = readAll(framed(Big) + framed("{}"), 16, /*Max=*/100);
  ASSERT_EQ(Out.size(), 3u);
  EXPECT_EQ(Out[0], "X:a message of 200 bytes, over the limit of 100 (skipped)");
  EXPECT_EQ(Out[1], "M:{}");
}

TEST(LspTransportTest, AHugeLengthDoesNotAllocateIt) {
  // 2^60 bytes announced, 10 sent: skipped as it streams, then the end.
  auto Out = readAll("Content-Length: 1152921504606846976\r\n\r\n0123456789");
  ASSERT_EQ(Out.size(), 2u);
  EXPECT_EQ(Out[0], "X:a message of 1152921504606846976 bytes, over the limit of 67108864 "
                    "(input ended)");
}

TEST(LspTransportTest, OverlongHeaderLinesAreSkipped) {
  std::string Junk(3 * MaxHeaderLineBytes, 'j');
  // Junk in its own header block: reported. Junk in front of a valid
  // Content-Length in the same block: the message still counts.
  auto Out = readAll(Junk + "\r\n\r\n" + Junk + "\r\n" + framed("{}"));
  ASSERT_EQ(Out.size(), 3u);
  EXPECT_EQ(Out[0], "X:a header line longer than 4096 bytes");
  EXPECT_EQ(Out[1], "M:{}");
}

TEST(LspTransportTest, TheInputEndingInsideAMessageIsTheEnd) {
  EXPECT_EQ(readAll("Content-Length: 10\r\n\r\n{}"), std::vector<std::string>{"E"});
  EXPECT_EQ(readAll("Content-Len"), std::vector<std::string>{"E"});
  EXPECT_EQ(readAll(""), std::vector<std::string>{"E"});
}

struct Parsed {
  bool Ok;
  Message M;
  ParseFailure F;
};

Parsed parse(llvm::StringRef Body) {
  Parsed P;
  P.Ok = parseMessage(Body, P.M, P.F);
  return P;
}

TEST(LspTransportTest, ParsesRequestsNotificationsAndResponses) {
  Parsed R = parse(R"({"jsonrpc":"2.0","id":7,"method":"shutdown"})");
  ASSERT_TRUE(R.Ok);
  EXPECT_EQ(R.M.K, Message::Request);
  EXPECT_EQ(R.M.Method, "shutdown");
  EXPECT_EQ(R.M.Id, Value(7));
  EXPECT_EQ(R.M.Params, Value(nullptr));

  // Clients send `"params": null` for shutdown and exit: read as none.
  Parsed X = parse(R"({"jsonrpc":"2.0","method":"exit","params":null})");
  ASSERT_TRUE(X.Ok);
  EXPECT_EQ(X.M.K, Message::Notification);
  EXPECT_EQ(X.M.Method, "exit");
  EXPECT_EQ(X.M.Params, Value(nullptr));

  Parsed N = parse(R"({"jsonrpc":"2.0","method":"x","params":{"a":[1]}})");
  ASSERT_TRUE(N.Ok);
  EXPECT_EQ(N.M.K, Message::Notification);
  EXPECT_EQ(N.M.Params, Value(Object{{"a", llvm::json::Array{1}}}));

  Parsed S = parse(R"({"jsonrpc":"2.0","id":"s1","result":null})");
  ASSERT_TRUE(S.Ok);
  EXPECT_EQ(S.M.K, Message::Response);
  EXPECT_EQ(S.M.Id, Value("s1"));
  EXPECT_FALSE(S.M.IsError);

  Parsed E = parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"m"}})");
  ASSERT_TRUE(E.Ok);
  EXPECT_TRUE(E.M.IsError);
}

TEST(LspTransportTest, InvalidMessagesGetTheRightErrorAndId) {
  struct Case {
    const char *Body;
    ErrorCode Code;
    Value Id;
    bool NeedsReply;
  } Cases[] = {
      {R"({"jsonrpc":"2.0","id":1,"method":)", ParseError, nullptr, true},
      {"", ParseError, nullptr, true},
      {"[1,2]", InvalidRequest, nullptr, true},
      {R"({"jsonrpc":"1.0","id":3,"method":"m"})", InvalidRequest, 3, true},
      {R"({"id":3,"method":"m"})", InvalidRequest, 3, true},
      {R"({"jsonrpc":"2.0","id":{"x":1},"method":"m"})", InvalidRequest, nullptr, true},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"m"})", InvalidRequest, nullptr, true},
      {R"({"jsonrpc":"2.0","id":"r","method":5})", InvalidRequest, "r", true},
      {R"({"jsonrpc":"2.0","id":4,"method":"m","params":"p"})", InvalidRequest, 4, true},
      {R"({"jsonrpc":"2.0","id":null,"method":"m"})", InvalidRequest, nullptr, true},
      // A broken notification: no reply is due.
      {R"({"jsonrpc":"2.0","method":"m","params":7})", InvalidRequest, nullptr, false},
      {R"({"jsonrpc":"2.0","id":5})", InvalidRequest, nullptr, false},
  };
  for (const Case &C : Cases) {
    Parsed P = parse(C.Body);
    ASSERT_FALSE(P.Ok) << C.Body;
    EXPECT_EQ(P.F.Code, C.Code) << C.Body;
    EXPECT_EQ(P.F.Id, C.Id) << C.Body;
    EXPECT_EQ(P.F.NeedsReply, C.NeedsReply) << C.Body;
    EXPECT_FALSE(P.F.Reason.empty());
  }
}

TEST(LspTransportTest, MessagesRoundTripThroughTheWriter) {
  std::string Wire;
  llvm::raw_string_ostream OS(Wire);
  MessageWriter Writer(OS);
  Writer.reply(1, Object{{"x", "é𝄞"}});
  Writer.replyError(nullptr, MethodNotFound, "no");
  Writer.notify("n", llvm::json::Array{1});
  StringSource Source(Wire);
  MessageReader Reader(Source);
  std::vector<Message> Got;
  for (ReadResult R; (R = Reader.read()).K == ReadResult::Message;) {
    Parsed P = parse(R.Body);
    ASSERT_TRUE(P.Ok) << R.Body;
    // And back: the same JSON-RPC object.
    EXPECT_EQ(toJSON(P.M), *llvm::json::parse(R.Body));
    Got.push_back(P.M);
  }
  ASSERT_EQ(Got.size(), 3u);
  EXPECT_EQ(Got[0].Params, Value(Object{{"x", "é𝄞"}}));
  EXPECT_TRUE(Got[1].IsError);
  EXPECT_EQ(Got[1].Id, Value(nullptr));
  EXPECT_EQ(Got[2].Method, "n");
}

TEST(LspTransportTest, ConcurrentWritesStayFramed) {
  std::string Wire;
  llvm::raw_string_ostream OS(Wire);
  MessageWriter Writer(OS);
  std::vector<std::thread> Threads;
  for (int T = 0; T < 4; ++T)
    Threads.emplace_back([&, T] {
      for (int I = 0; I < 200; ++I)
        Writer.notify("m", Object{{"t", T}, {"i", I}, {"pad", std::string(I % 50, 'p')}});
    });
  for (std::thread &T : Threads)
    T.join();
  StringSource Source(Wire);
  MessageReader Reader(Source);
  int Count = 0;
  for (ReadResult R; (R = Reader.read()).K != ReadResult::End; ++Count)
    ASSERT_EQ(R.K, ReadResult::Message) << R.Problem;
  EXPECT_EQ(Count, 800);
}

} // namespace
