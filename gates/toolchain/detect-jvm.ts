import { join } from 'node:path';
import { fileExists, firstExisting } from './read-manifest.js';
import type { StackDetection } from './stack-detection.js';
import { detectedCommand } from './tool-command.js';

/** Maven: pom.xml, through the project's ./mvnw wrapper when it has one. */
export function detectMaven(root: string): StackDetection | undefined {
  if (!fileExists(root, 'pom.xml')) return undefined;
  const mvn = fileExists(root, 'mvnw') ? join(root, 'mvnw') : 'mvn';
  return {
    stack: { id: 'maven', manifest: 'pom.xml' },
    build: detectedCommand(mvn, ['-B', '-DskipTests', 'package']),
    buildReason: 'pom.xml: mvn package (tests skipped; the tests gate runs them)',
    test: { command: detectedCommand(mvn, ['-B', 'test']), runner: 'maven-surefire' },
    testReason: 'pom.xml: mvn test (surefire reports)',
  };
}

/** Gradle: build.gradle(.kts), through the project's ./gradlew wrapper when it has one. */
export function detectGradle(root: string): StackDetection | undefined {
  const manifest = firstExisting(root, ['build.gradle.kts', 'build.gradle', 'settings.gradle.kts', 'settings.gradle']);
  if (!manifest) return undefined;
  const gradle = fileExists(root, 'gradlew') ? join(root, 'gradlew') : 'gradle';
  return {
    stack: { id: 'gradle', manifest },
    build: detectedCommand(gradle, ['--console=plain', 'assemble']),
    buildReason: `${manifest}: gradle assemble`,
    test: { command: detectedCommand(gradle, ['--console=plain', 'test']), runner: 'gradle-test' },
    testReason: `${manifest}: gradle test (JUnit XML reports)`,
  };
}
