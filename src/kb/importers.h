// Reading knowledge-base files. A file is read whole before anything is
// written: one bad line fails the file, and the error names the file and line.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "kb/entry.h"

namespace smartgov {

// True when ParseKnowledgeFile reads this kind of file (by extension).
bool IsKnowledgeFile(const std::string& path);

// Entries of one file: .jsonl (an entry a line) or .json (an array of entries,
// or one entry). `department`, when not empty, is set on every entry.
Result<std::vector<KnowledgeEntry>> ParseKnowledgeFile(const std::string& path,
                                                       const std::string& department);

// The same, for text already in memory; `name` labels errors.
Result<std::vector<KnowledgeEntry>> ParseKnowledgeText(const std::string& name,
                                                       std::string_view text, bool json_lines,
                                                       const std::string& department);

}  // namespace smartgov
