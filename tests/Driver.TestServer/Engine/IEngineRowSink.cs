namespace Driver.TestServer.Engine;

/// <summary>
/// Receives rows from <see cref="EngineCursor.Fetch"/>. The sink reads the current row through the cursor's typed
/// getters (no boxing) and returns false to leave the row unconsumed (e.g. the reply packet is full): the next
/// Fetch starts with that row again.
/// </summary>
public interface IEngineRowSink
{
    bool OnRow(EngineCursor row);
}
