/** The GGUF container format: metadata, tensor infos and memory-mapped tensor data. */
package dev.cairn.gguf;
