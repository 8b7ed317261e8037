// yargs infers a builder's argument type from its option calls (kebab-case keys, optional defaults), which
// never equals the plain interface a handler reads. This is the one place that says "the options built here
// are `A`"; every command file declares its Args interface and calls typedCommand.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

export interface TypedCommand<A, B> {
  readonly command: string | readonly string[];
  /** false hides the command from --help (yargs). */
  readonly describe: string | false;
  /** Declares the options and positionals that make up `A`. */
  readonly builder: (y: Argv) => Argv<B>;
  readonly handler: (args: ArgumentsCamelCase<A>) => void | Promise<void>;
}

export function typedCommand<A>() {
  return <B>(spec: TypedCommand<A, B>): CommandModule<object, A> => ({
    command: spec.command,
    describe: spec.describe,
    builder: (y: Argv) => spec.builder(y) as unknown as Argv<A>,
    handler: spec.handler,
  });
}
