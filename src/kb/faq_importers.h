// FAQ sheets as departments keep them: CSV (a row an entry) and YAML (a list
// of entries in the JSON entry shape). Whole file or nothing; errors name the
// row or line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "kb/entry.h"

namespace smartgov {

// CSV with a header row naming columns among: id, department, url, tags,
// valid_from, valid_to, question_en, alternatives_en, answer_en, question_zh,
// alternatives_zh, answer_zh. Lists (tags, alternatives) are separated by '|'.
Result<std::vector<KnowledgeEntry>> ParseFaqCsv(const std::string& name, std::string_view text,
                                                const std::string& department);

// YAML: a list of entries, or a mapping with an "entries" list.
Result<std::vector<KnowledgeEntry>> ParseFaqYaml(const std::string& name, std::string_view text,
                                                 const std::string& department);

}  // namespace smartgov
