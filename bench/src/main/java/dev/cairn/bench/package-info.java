/** Cairn bench. */
package dev.cairn.bench;
