namespace Driver.Core.Session;

/// <summary>
/// Data a workflow reads from the caller (a LOB parameter's Stream or TextReader) before it can build its next
/// request. Reading the caller's stream is I/O like the socket's, so it exists once per flavor, as a pair; the
/// pump (ConnectionCore.Pump.cs) calls the flavor's member. Each call is one read: the loop until a chunk or value is
/// complete is the workflow's (<see cref="CallerDataFill"/>).
/// </summary>
internal interface IFillable
{
#if SYNC
    void FillSync();
#else
    ValueTask FillAsync(CancellationToken cancellationToken);
#endif
}
