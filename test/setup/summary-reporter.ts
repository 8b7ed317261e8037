// Prints the plain `N passed, N failed` line that CI reads, after vitest's own summary, preceded by one
// `FAILED: file > test: first error line` line per failure (CI shows only the tail of the output).
import type { Reporter, TestModule } from 'vitest/node';

function firstLine(message: string | undefined): string {
  return (message ?? '').split('\n')[0]?.slice(0, 300) ?? '';
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const lines: string[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') {
          failed++;
          lines.push(`FAILED: ${module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}: ${firstLine(result.errors?.[0]?.message)}`);
        } else skipped++;
      }
      // A file that failed to load has no tests but is a failure.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) {
        failed++;
        lines.push(`FAILED: ${module.moduleId.replace(`${process.cwd()}/`, '')}: ${firstLine(module.errors()[0]?.message)}`);
      }
    }
    for (const error of errors) lines.push(`FAILED (unhandled): ${firstLine(error instanceof Error ? error.message : String(error))}`);
    failed += errors.length;
    process.stdout.write(`\n${lines.map((l) => `${l}\n`).join('')}${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
