/** Cairn tokenizers. */
package dev.cairn.tokenizers;
