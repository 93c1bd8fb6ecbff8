//===- Printers.cpp -------------------------------------------------------===//
#include "Printers.h"
#include "Checks.h"
#include "Serialization.h"
#include "UriPath.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace corolint::tool {

std::string checkDocsUrl(llvm::StringRef Check) {
  const CheckInfo *Info = findCheck(Check);
  return std::string(COROLINT_DOCS_BASE_URL) + (Info ? Info->DocsPage : "");
}

namespace {

std::string displayPath(llvm::StringRef File) { return File.str(); }

class TextPrinter : public Printer {
public:
  explicit TextPrinter(SourceFiles &Sources) : Sources(Sources) {}
  void print(const Report &R, llvm::raw_ostream &OS) override {
    for (const Finding &F : R.Findings) {
      OS << llvm::formatv("{0}:{1}:{2}: warning: {3} [{4}]\n", displayPath(F.At.File), F.At.Line,
                          F.At.Column, F.Message, F.Check);
      printSnippet(F.At, OS);
      for (const Note &N : F.Notes) {
        OS << llvm::formatv("{0}:{1}:{2}: note: {3}\n", displayPath(N.At.File), N.At.Line,
                            N.At.Column, N.Message);
        printSnippet(N.At, OS);
      }
    }
  }

private:
  void printSnippet(const Location &L, llvm::raw_ostream &OS) {
    llvm::StringRef Line = Sources.lineAt(L.File, L.Offset);
    if (Line.empty() || L.Column == 0)
      return;
    OS << Line << "\n";
    std::string Caret;
    for (unsigned I = 0; I + 1 < L.Column && I < Line.size(); ++I)
      Caret += Line[I] == '\t' ? '\t' : ' ';
    OS << Caret << "^\n";
  }
  SourceFiles &Sources;
};

class JsonPrinter : public Printer {
public:
  void print(const Report &R, llvm::raw_ostream &OS) override {
    Array A;
    for (const Finding &F : R.Findings) {
      Value V = toJSON(F);
      if (auto Rel = relativeTo(F.At.File, R.Root))
        V.getAsObject()->try_emplace("relativeFile", *Rel);
      A.push_back(std::move(V));
    }
    OS << llvm::formatv("{0:2}", Value(std::move(A))) << "\n";
  }
};

class SarifPrinter : public Printer {
public:
  explicit SarifPrinter(SourceFiles &Sources) : Sources(Sources) {}

  void print(const Report &R, llvm::raw_ostream &OS) override {
    Root = R.Root;
    Array Rules;
    for (const CheckInfo &Check : allChecks()) {
      Rules.push_back(Object{{"id", Check.CheckName},
                             {"name", Check.CheckName},
                             {"shortDescription", Object{{"text", Check.Description}}},
                             {"helpUri", checkDocsUrl(Check.CheckName)},
                             {"defaultConfiguration", Object{{"level", "warning"}}}});
    }
    Array Results;
    for (const Finding &F : R.Findings)
      Results.push_back(result(F));
    Object Run{{"tool", Object{{"driver", Object{{"name", "corolint"},
                                                 {"version", corolintVersion()},
                                                 {"semanticVersion", corolintVersion()},
                                                 {"rules", std::move(Rules)}}}}},
               {"results", std::move(Results)}};
    if (!Root.empty())
      Run["originalUriBaseIds"] =
          Object{{"%SRCROOT%", Object{{"uri", "file://" + uriPath(Root) + "/"}}}};
    Value Log = Object{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                       {"version", "2.1.0"},
                       {"runs", Array{std::move(Run)}}};
    OS << llvm::formatv("{0:2}", Log) << "\n";
  }

private:
  Object artifactLocation(llvm::StringRef File) {
    if (auto Rel = relativeTo(File, Root))
      return Object{{"uri", uriPath(*Rel)}, {"uriBaseId", "%SRCROOT%"}};
    return Object{{"uri", "file://" + uriPath(File)}};
  }

  /// SARIF counts characters where clang counts bytes.
  unsigned charOffset(llvm::StringRef File, unsigned ByteOffset) {
    const std::string *Text = Sources.content(File);
    if (!Text)
      return ByteOffset;
    unsigned Chars = 0;
    for (unsigned I = 0; I < ByteOffset && I < Text->size(); ++I)
      if ((static_cast<unsigned char>((*Text)[I]) & 0xC0) != 0x80)
        ++Chars;
    return Chars;
  }

  Object location(const Location &L, llvm::StringRef Message = "") {
    Object Loc{{"physicalLocation",
                Object{{"artifactLocation", artifactLocation(L.File)},
                       {"region",
                        Object{{"startLine", L.Line}, {"startColumn", std::max(1u, L.Column)}}}}}};
    if (!Message.empty())
      Loc["message"] = Object{{"text", Message}};
    return Loc;
  }

  Value result(const Finding &F) {
    Object Res{{"ruleId", F.Check},
               {"level", "warning"},
               {"message", Object{{"text", F.Message}}},
               {"locations", Array{location(F.At)}}};
    if (!F.Notes.empty()) {
      Array Related;
      for (size_t I = 0; I < F.Notes.size(); ++I) {
        Object L = location(F.Notes[I].At, F.Notes[I].Message);
        L["id"] = static_cast<int64_t>(I);
        Related.push_back(std::move(L));
      }
      Res["relatedLocations"] = std::move(Related);
    }
    if (F.Check == TransitiveCheckName && !F.Notes.empty()) {
      // The chain, from the coroutine down to the blocking call.
      Array Steps;
      for (const Note &N : F.Notes)
        Steps.push_back(Object{{"location", location(N.At, N.Message)}});
      Res["codeFlows"] =
          Array{Object{{"threadFlows", Array{Object{{"locations", std::move(Steps)}}}}}};
    }
    if (!F.Fix.empty()) {
      std::vector<std::string> Files;
      for (const Edit &E : F.Fix)
        if (!llvm::is_contained(Files, E.File))
          Files.push_back(E.File);
      Array Changes;
      for (const std::string &File : Files) {
        Array Replacements;
        for (const Edit &E : F.Fix) {
          if (E.File != File)
            continue;
          unsigned Begin = charOffset(File, E.Offset);
          unsigned End = charOffset(File, E.Offset + E.Length);
          Replacements.push_back(
              Object{{"deletedRegion", Object{{"charOffset", Begin}, {"charLength", End - Begin}}},
                     {"insertedContent", Object{{"text", E.Text}}}});
        }
        Changes.push_back(Object{{"artifactLocation", artifactLocation(File)},
                                 {"replacements", std::move(Replacements)}});
      }
      Res["fixes"] = Array{Object{{"description", Object{{"text", "Use the awaitable"}}},
                                  {"artifactChanges", std::move(Changes)}}};
    }
    return Res;
  }

  SourceFiles &Sources;
  std::string Root;
};

} // namespace

std::unique_ptr<Printer> makeTextPrinter(SourceFiles &Sources) {
  return std::make_unique<TextPrinter>(Sources);
}
std::unique_ptr<Printer> makeJsonPrinter() { return std::make_unique<JsonPrinter>(); }
std::unique_ptr<Printer> makeSarifPrinter(SourceFiles &Sources) {
  return std::make_unique<SarifPrinter>(Sources);
}

std::unique_ptr<Printer> makePrinter(OutputFormat Format, SourceFiles &Sources) {
  switch (Format) {
  case OutputFormat::Text:
    return makeTextPrinter(Sources);
  case OutputFormat::Json:
    return makeJsonPrinter();
  case OutputFormat::Sarif:
    return makeSarifPrinter(Sources);
  }
  return makeTextPrinter(Sources);
}

} // namespace corolint::tool
