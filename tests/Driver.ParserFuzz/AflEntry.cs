namespace Driver.ParserFuzz;

/// <summary>
/// The AFL++ entry: SharpFuzz's persistent loop (Fuzzer.Run) hands each input over shared memory; an input that the
/// crash rule rejects is rethrown as an exception, which SharpFuzz reports to AFL++ as a crash.
/// </summary>
internal static class AflEntry
{
    public static int Run()
    {
        SharpFuzz.Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var crash = Verdict.Judge(-1, buffer.ToArray());
            if (crash is not null)
            {
                throw new InvalidOperationException($"{crash.Signature}: {crash.Message}");
            }
        });
        return 0;
    }
}
