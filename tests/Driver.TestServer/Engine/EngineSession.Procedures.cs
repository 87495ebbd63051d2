using DuckDB.NET.Native;
using PS = DuckDB.NET.Native.NativeMethods.PreparedStatements;

namespace Driver.TestServer.Engine;

// Stored procedures: CREATE / DROP PROCEDURE, CREATE / DROP TYPE ... AS TABLE and CALL never reach DuckDB as such.
// The server interprets the body statement by statement (ProcedureRun); each SQL statement of it runs on DuckDB
// through the rewriter like any other statement, with variables bound as typed parameters.
public sealed partial class EngineSession
{
    /// <summary>A statement the interpreter runs (procedure DDL and CALL), or null for plain SQL.</summary>
    private EngineStatement? PrepareProcedureStatement(string hanaSql)
    {
        var s = SqlTokenizer.Tokenize(hanaSql).Where(t => t.IsSignificant).ToList();
        if (s.Count < 2)
        {
            return null;
        }

        if (s[0].Is("CALL"))
        {
            var call = ProcedureCall.Parse(hanaSql, CurrentSchema, _engine.Procedures.Find);
            var parameters = call.Markers.Select(index => ParameterColumn(call.Procedure.Parameters[index])).ToList();
            return Interpreted(hanaSql, StatementKind.Call, parameters, (rows, autoCommit) => RunCall(call, rows, autoCommit));
        }

        if (ProcedureParser.IsCreateProcedure(s))
        {
            var (definition, orReplace) = ProcedureParser.Parse(hanaSql, CurrentSchema, _engine.Procedures.NextOid(),
                (schema, name) => _engine.Procedures.FindTableType(schema ?? CurrentSchema, name));
            return Interpreted(hanaSql, StatementKind.Ddl, [], (_, _) => CreateProcedure(definition, orReplace));
        }

        if (s[0].Is("DROP") && s[1].Is("PROCEDURE"))
        {
            var end = ProcedureParser.ReadName(s, 2, CurrentSchema, out var schema, out var name);
            CheckEnd(s, end);
            return Interpreted(hanaSql, StatementKind.Ddl, [], (_, _) => DropProcedure(schema, name));
        }

        if (s[0].Is("CREATE") && s[1].Is("TYPE") && s.Count > 4)
        {
            var next = ProcedureParser.ReadName(s, 2, CurrentSchema, out var schema, out var name);
            if (next + 2 < s.Count && s[next].Is("AS") && s[next + 1].Is("TABLE") && s[next + 2].IsSymbol("("))
            {
                var columns = ProcedureParser.ReadTableColumns(s, next + 3, out var end,
                    (from, to) => hanaSql[s[from].Start..(s[to].Start + s[to].Text.Length)]);
                CheckEnd(s, end);
                return Interpreted(hanaSql, StatementKind.Ddl, [], (_, _) => DdlDone(() => _engine.Procedures.AddTableType(schema, name, columns)));
            }
        }

        if (s[0].Is("DROP") && s[1].Is("TYPE"))
        {
            var end = ProcedureParser.ReadName(s, 2, CurrentSchema, out var schema, out var name);
            CheckEnd(s, end);
            return Interpreted(hanaSql, StatementKind.Ddl, [], (_, _) => DdlDone(() => _engine.Procedures.RemoveTableType(schema, name)));
        }

        return null;
    }

    private static void CheckEnd(List<SqlToken> s, int end)
    {
        while (end < s.Count && s[end].IsSymbol(";"))
        {
            end++;
        }

        if (end < s.Count)
        {
            throw ProcedureParser.Syntax(s[end], "the end of the statement");
        }
    }

    private EngineStatement Interpreted(string hanaSql, StatementKind kind, IReadOnlyList<EngineColumn> parameters,
        Func<IReadOnlyList<object?[]>, bool, EngineResult> run)
    {
        var sql = new RewrittenSql(hanaSql, hanaSql, [], []) { Kind = kind };
        return Track(new EngineStatement(this, sql, null, parameters, []) { Interpreted = run });
    }

    /// <summary>PARAMETERMETADATA of a scalar procedure parameter bound to a "?": its declared type, mode and name.</summary>
    private static EngineColumn ParameterColumn(ProcedureParameter parameter)
    {
        var column = HanaTypeMapper.FromDeclared(new DeclaredColumn(parameter.Name, parameter.Type, true), NativeOf(parameter.Type),
            parameter.Name, null, null);
        return new EngineColumn
        {
            Type = column.Type,
            Length = column.Length,
            Precision = column.Precision,
            Scale = column.Scale,
            Nullable = true,
            ColumnName = parameter.Name,
            DisplayName = parameter.Name,
            Native = column.Native,
            Mode = parameter.Mode,
        };
    }

    // ------------------------------------------------------------------ DDL

    private EngineResult DdlDone(Action change)
    {
        if (InTransaction)
        {
            Commit(); // HANA commits DDL, ending the open transaction first
        }

        change();
        return new EngineResult { Kind = StatementKind.Ddl, RowsAffected = [0], Committed = true };
    }

    private EngineResult CreateProcedure(ProcedureDefinition definition, bool orReplace)
    {
        return DdlDone(() =>
        {
            var replaced = _engine.Procedures.Add(definition, orReplace);
            if (replaced is not null)
            {
                WriteCatalog(ProcedureCatalog.DeleteParameters, [[replaced.Oid]]);
                WriteCatalog(ProcedureCatalog.DeleteProcedure, [[replaced.Oid]]);
            }

            WriteCatalog(ProcedureCatalog.InsertProcedure, [ProcedureCatalog.ProcedureRow(definition, UserName)]);
            if (definition.Parameters.Count > 0)
            {
                WriteCatalog(ProcedureCatalog.InsertParameter, definition.Parameters.Select(p => ProcedureCatalog.ParameterRow(definition, p)).ToList());
            }
        });
    }

    private EngineResult DropProcedure(string schema, string name)
    {
        return DdlDone(() =>
        {
            var removed = _engine.Procedures.Remove(schema, name);
            WriteCatalog(ProcedureCatalog.DeleteParameters, [[removed.Oid]]);
            WriteCatalog(ProcedureCatalog.DeleteProcedure, [[removed.Oid]]);
        });
    }

    private void WriteCatalog(string sql, IReadOnlyList<object?[]> rows)
    {
        using var statement = Prepare(sql);
        Execute(statement, rows, autoCommit: true);
    }

    // ------------------------------------------------------------------ CALL

    private EngineResult RunCall(ProcedureCall call, IReadOnlyList<object?[]> rows, bool autoCommit)
    {
        if (rows.Count > 1)
        {
            throw EngineException.FeatureNotSupported("batch execution of a CALL");
        }

        var inputs = rows.Count == 1 ? rows[0] : [];
        if (inputs.Length != call.Markers.Count(m => call.Procedure.Parameters[m].IsInput))
        {
            throw new EngineException(2, "HY000", 0, $"general error: {inputs.Length} parameter values for {call.Markers.Count(m => call.Procedure.Parameters[m].IsInput)} input parameters");
        }

        if (autoCommit && InTransaction)
        {
            Commit(); // switching to auto-commit ends the open transaction
        }

        var wasInTransaction = InTransaction;
        var logMark = _log.Count;
        var run = new ProcedureRun(this, call.Procedure);
        try
        {
            run.Bind(call, inputs);
            run.Execute();
            var result = run.Finish(call);
            var committed = false;
            if (autoCommit && InTransaction)
            {
                Commit();
                committed = true;
            }

            AutoCommitHint = autoCommit;
            return new EngineResult
            {
                Kind = StatementKind.Call,
                OutputParameters = result.Outputs,
                ResultSets = result.ResultSets,
                RowsAffected = [0],
                Committed = committed || autoCommit,
                WriteTransactionStarted = !wasInTransaction && InTransaction,
            };
        }
        catch
        {
            run.Abandon();
            if (InTransaction && (autoCommit || !wasInTransaction))
            {
                Rollback(); // the CALL is one statement, undone as a whole; nothing came before it in this transaction
            }
            else if (InTransaction && _doomed is null && _log.Count > logMark)
            {
                // in a transaction: undo the CALL's own writes and keep the earlier ones (statement-level rollback)
                _log.RemoveRange(logMark, _log.Count - logMark);
                RecoverTransaction(force: true);
            }

            AutoCommitHint = autoCommit;
            throw;
        }
    }

    /// <summary>
    /// Runs HANA SQL (a query) with the given parameter values and returns a materialized cursor, so that it survives
    /// the procedure's later statements and the drop of its table variables. <paramref name="declared"/> gives the
    /// HANA types of the columns (OUT tables, output parameters); otherwise they are derived as for any query.
    /// </summary>
    internal EngineCursor OpenMaterialized(string hanaSql, IReadOnlyList<object?> values, IReadOnlyList<(string Name, DeclaredType Type)>? declared)
    {
        var sql = RewriteChecked(hanaSql);
        var result = RunNative(sql.Sql, sql, values);
        var columns = ColumnsOf(ref result, sql);
        if (declared is not null)
        {
            for (var i = 0; i < columns.Count && i < declared.Count; i++)
            {
                if (declared[i].Type.IsStoredAs(columns[i].Native))
                {
                    columns[i] = HanaTypeMapper.FromDeclared(new DeclaredColumn(declared[i].Name, declared[i].Type, true), columns[i].Native,
                        declared[i].Name, null, null);
                }
            }
        }

        return new EngineCursor(this, result, columns, sql);
    }

    internal static RewrittenSql RewriteChecked(string hanaSql)
    {
        var sql = SqlRewriter.Rewrite(hanaSql);
        return sql.Unsupported is { } unsupported ? throw EngineException.FeatureNotSupported(unsupported) : sql;
    }

    /// <summary>Prepares DuckDB SQL, binds the values in the types DuckDB infers, runs it materialized.</summary>
    internal DuckDBResult RunNative(string duckDbSql, RewrittenSql sql, IReadOnlyList<object?> values)
    {
        try
        {
            using var native = PrepareNative(duckDbSql, sql);
            var count = PS.DuckDBParams(native);
            var types = new NativeType[count];
            for (long i = 1; i <= count; i++)
            {
                using var logical = PS.DuckDBParamLogicalType(native, i);
                types[i - 1] = NativeType.From(logical);
            }

            return RunWithRetry(native, types, values.ToArray(), sql, streaming: false);
        }
        catch (EngineException)
        {
            OnExecutionFailure(); // an error aborts DuckDB's transaction: HANA keeps the earlier work
            throw;
        }
    }

    /// <summary>Runs DuckDB SQL without a result (table variables); errors are ignored when <paramref name="quiet"/>.</summary>
    internal void RunNativeCommand(string duckDbSql, RewrittenSql sql, IReadOnlyList<object?> values, bool quiet = false)
    {
        try
        {
            var result = RunNative(duckDbSql, sql, values);
            NativeMethods.Query.DuckDBDestroyResult(ref result);
        }
        catch (EngineException) when (quiet)
        {
            // cleanup of a table variable the transaction's rollback already removed
        }
    }
}
