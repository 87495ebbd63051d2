namespace Driver.Core.Telemetry;

/// <summary>What a command span covers: a run (Execute…), an explicit Prepare, or a batch EXECUTE.</summary>
internal enum CommandKind
{
    Execute,
    Prepare,
    Batch,
}
