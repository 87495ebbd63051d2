using System.Data;
using System.Text;
using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;

#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

// Procedure calls (docs/procedures.md, docs/protocol.md §17): CommandType.StoredProcedure's CALL text, the binding of
// the parameters to PARAMETERMETADATA's IN / INOUT / OUT entries (§6.22), and the OUT values written back.
public sealed partial class HanaCommand
{
    // per execution of a statement with output parameters: the parameter bound to each PARAMETERMETADATA entry
    private HanaParameter?[]? _callBinding;

    private bool HasNonInputParameter()
    {
        // by index: the collection's non-generic enumerator is boxed, and this runs on every execution
        var parameters = Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Direction != ParameterDirection.Input)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>CommandType.StoredProcedure: the CALL for the current parameters, rebuilt (and re-prepared) when it changes.</summary>
    private void RefreshCall()
    {
        var markers = CallMarkers();
        if (_markers is null || !string.Equals(_markers.Sql, markers.Sql, StringComparison.Ordinal))
        {
            ReleasePrepared();
            _markers = markers;
        }
    }

    /// <summary>
    /// <c>CALL name(?, ...)</c>, one marker per parameter; <c>CALL name(A =&gt; ?, ...)</c> when every parameter has a
    /// name, so the order of the collection need not be the procedure's and a table output is named like the rest.
    /// </summary>
    private ParameterMarkers CallMarkers()
    {
        var name = _commandText.Trim();
        if (name.Length == 0 || name.IndexOfAny(['(', ')', ';', '?']) >= 0 || name.StartsWith("CALL ", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"With CommandType.StoredProcedure, CommandText is the procedure's name ([SCHEMA.]NAME, quoted parts allowed), not '{name}'; the CALL is built from the parameters.");
        }
        var named = Parameters.Count > 0;
        foreach (HanaParameter parameter in Parameters)
        {
            named &= ParameterMarkerScanner.BareName(parameter.ParameterName).Length > 0;
        }
        var sql = new StringBuilder("CALL ").Append(name).Append('(');
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (i > 0)
            {
                sql.Append(", ");
            }
            if (named)
            {
                AppendIdentifier(sql, ParameterMarkerScanner.BareName(Parameters[i].ParameterName)).Append(" => ");
            }
            sql.Append('?');
        }
        return new ParameterMarkers(sql.Append(')').ToString(), [], Parameters.Count);
    }

    /// <summary>A plain identifier as it is (HANA folds it to upper case), anything else quoted.</summary>
    private static StringBuilder AppendIdentifier(StringBuilder sql, string name)
    {
        var plain = (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c is '_' or '#' or '$'));
        return plain ? sql.Append(name) : sql.Append(SqlIdentifier.Quote(name));
    }

    /// <summary>
    /// The input row of a statement with OUT / INOUT parameters (or parameters declared so): each PARAMETERMETADATA
    /// entry (§6.22: one per scalar marker) gets its parameter, by name for named markers, else by position when
    /// there is one parameter per marker, else only the inputs by position when every parameter is an Input (the OUT
    /// values are then not kept), else by the entries' names (a procedure's table outputs take a parameter that
    /// stands for their marker but has no entry). Each bound parameter's Direction must be the entry's mode.
    /// </summary>
    private object?[] CallRow(PreparedStatementCore statement)
    {
        var entries = statement.Parameters;
        var bound = new HanaParameter?[entries.Length];
        if (Markers.IsNamed)
        {
            if (Markers.Names.Count != entries.Length)
            {
                ThrowIfMetadataDisagreesWithText(statement);
            }
            for (var i = 0; i < entries.Length; i++)
            {
                bound[i] = FindNamed(Markers.Names[i])
                    ?? throw new ArgumentException($"The statement uses the parameter :{Markers.Names[i]} but no parameter named '{Markers.Names[i]}' (or ':{Markers.Names[i]}', '@{Markers.Names[i]}') was given.");
            }
        }
        else if (Parameters.Count == entries.Length)
        {
            for (var i = 0; i < entries.Length; i++)
            {
                bound[i] = Parameters[i];
            }
        }
        else if (Parameters.Count == statement.InputParameterCount && !HasNonInputParameter())
        {
            var next = 0;
            for (var i = 0; i < entries.Length; i++)
            {
                if (entries[i].IsInput)
                {
                    bound[i] = Parameters[next++];
                }
            }
        }
        else if (!BindByEntryNames(entries, bound))
        {
            ThrowIfMetadataDisagreesWithText(statement);
            throw new ArgumentException(
                $"The statement has {entries.Length} parameters ({statement.InputParameterCount} IN / INOUT, {entries.Length - statement.InputParameterCount} OUT) but {Parameters.Count} parameters were given. "
                + "Give one per marker in order, or name them after the procedure's parameters (a table output's marker takes a parameter too).");
        }
        var row = new object?[statement.InputParameterCount];
        var index = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (bound[i] is { } parameter)
            {
                CheckDirection(parameter, entry, i);
            }
            if (entry.IsInput)
            {
                row[index++] = bound[i]?.WireValue;
            }
        }
        _callBinding = bound;
        return row;
    }

    /// <summary>Binds every entry to the parameter of its name (case-insensitive, prefix ignored); false when one has none.</summary>
    private bool BindByEntryNames(ParameterMetadata[] entries, HanaParameter?[] bound)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Name is not { Length: > 0 } name || FindNamed(name) is not { } parameter)
            {
                return false;
            }
            bound[i] = parameter;
        }
        return true;
    }

    /// <summary>§6.22's mode against the caller's Direction: IN is Input, INOUT is InputOutput, OUT is Output.</summary>
    private static void CheckDirection(HanaParameter parameter, ParameterMetadata entry, int index)
    {
        var expected = entry.Mode switch
        {
            ParameterMode.InOut => ParameterDirection.InputOutput,
            ParameterMode.Out => ParameterDirection.Output,
            _ => ParameterDirection.Input,
        };
        if (parameter.Direction != expected)
        {
            var caller = parameter.ParameterName is { Length: > 0 } given ? $"'{given}'" : $"#{index + 1}";
            var mode = entry.Mode switch { ParameterMode.InOut => "INOUT", ParameterMode.Out => "OUT", _ => "IN" };
            throw new ArgumentException(
                $"Parameter {caller} is declared {parameter.Direction}, but the statement's parameter {index + 1} ({entry.Name ?? "?"}) is {mode}: set Direction = ParameterDirection.{expected}.",
                parameter.ParameterName);
        }
    }

    /// <summary>The OUT and INOUT values of the call, written into the parameters bound to them (their LOBs read already).</summary>
    private void ApplyOutputs(ExecuteResult result)
    {
        var bound = _callBinding;
        _callBinding = null;
        if (bound is null || result.OutputParameters is not { } outputs || _prepared is not { } statement)
        {
            return;
        }
        for (var i = 0; i < bound.Length; i++)
        {
            if (bound[i] is { } parameter && statement.Parameters[i].IsOutput)
            {
                parameter.Value = outputs.ValueOf(i);
            }
        }
    }

    /// <summary>The text the operation is traced with: the CALL a StoredProcedure command runs, else the command text.</summary>
    private string TracedText => _commandType == CommandType.StoredProcedure && _markers is { } markers ? markers.Sql : _commandText;
}
