/**
 * JMH benchmarks. Build with {@code mvn -pl bench -am package -DskipTests}, then run
 * {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar REGEX}
 * on JDK 25.
 */
package dev.cairn.bench;
