// Long documents (Markdown, HTML) as knowledge entries: metadata from front
// matter or the page's head, text cut into passages along the headings.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "kb/entry.h"

namespace smartgov {

// Markdown with optional front matter between "---" lines ("key: value"; keys
// id, department, url, lang, title, tags, valid_from, valid_to).
// `fallback_id` names the entry when the front matter does not.
Result<KnowledgeEntry> ParseMarkdown(const std::string& name, std::string_view text,
                                     const std::string& fallback_id, const std::string& department);

// An HTML page in UTF-8, Big5 or another charset (from its meta tag, or
// detected). Only the main content is kept: navigation, headers, footers,
// scripts and forms are dropped; headings start passages.
Result<KnowledgeEntry> ParseHtml(const std::string& name, std::string_view bytes,
                                 const std::string& fallback_id, const std::string& department);

// "Applying for a Passport.md" -> "applying-for-a-passport"
std::string SlugFromFileName(const std::string& path);

}  // namespace smartgov

namespace smartgov {

// A PDF's text, a passage a page; scanned pages are read by OCR. Errors:
// kInvalidArgument for a damaged or locked file, or one with no text at all.
Result<KnowledgeEntry> ParsePdf(const std::string& name, std::string_view bytes,
                                const std::string& fallback_id, const std::string& department);

}  // namespace smartgov

namespace smartgov {

// A scanned form or notice (PNG, JPEG, TIFF) read by OCR: its first line is the title.
Result<KnowledgeEntry> ParseImage(const std::string& name, std::string_view bytes,
                                  const std::string& fallback_id, const std::string& department);

}  // namespace smartgov
