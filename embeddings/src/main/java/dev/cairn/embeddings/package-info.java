/** Cairn embeddings. */
package dev.cairn.embeddings;
