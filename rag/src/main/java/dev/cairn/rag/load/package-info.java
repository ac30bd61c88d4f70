/**
 * Finding and reading source files: plain text, Markdown, HTML (jsoup) and PDF (PDFBox), with UTF-8 decoding that
 * replaces and counts invalid bytes, binary detection and include/exclude globs.
 */
package dev.cairn.rag.load;
