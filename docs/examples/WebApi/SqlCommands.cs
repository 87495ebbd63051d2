using Driver.Async;

namespace WebApi;

/// <summary>Commands with named parameters: values always travel as bound parameters, never inside the SQL text.</summary>
internal static class SqlCommands
{
    public static HanaCommand Create(HanaConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new HanaCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
