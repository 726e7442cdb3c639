// pino-roll 4 ships no declarations; only the options the host uses. It resolves to a SonicBoom.
declare module 'pino-roll' {
  type Options = {
    file: string;
    size?: string | number;
    extension?: string;
    limit?: { count: number; removeOtherLogFiles?: boolean };
    mode?: number;
    mkdir?: boolean;
  };
  type RollingStream = {
    write(line: string): boolean;
    flushSync(): void;
    end(): void;
    readonly file: string;
    /** -1 until the file is open. */
    readonly fd: number;
    on(event: string, fn: (...args: unknown[]) => void): unknown;
    once(event: string, fn: (...args: unknown[]) => void): unknown;
  };
  export default function pinoRoll(options: Options): Promise<RollingStream>;
}
