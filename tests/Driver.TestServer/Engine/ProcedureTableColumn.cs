namespace Driver.TestServer.Engine;

/// <summary>A column of a table parameter or table type: its name, its HANA type and the HANA spelling of the type.</summary>
internal sealed record ProcedureTableColumn(string Name, DeclaredType Type, string TypeText);
