namespace Driver.TestServer.Engine;

// Clauses DuckDB spells differently or lacks: UPSERT's WITH PRIMARY KEY, FOR UPDATE, sequence calls, TOP n, CAST
// target types.
internal sealed partial class SqlRewriter
{
    // UPSERT / REPLACE ... WITH PRIMARY KEY: INSERT OR REPLACE matches on the primary key anyway
    private void StripWithPrimaryKey()
    {
        var last = LastIndex();
        if (last >= 2 && _s[last].Is("KEY") && _s[last - 1].Is("PRIMARY") && _s[last - 2].Is("WITH"))
        {
            Remove(last - 2, last);
        }
    }

    // SELECT ... FOR UPDATE [OF ..] [NOWAIT|WAIT n]: DuckDB has no row locks
    private void StripForUpdate()
    {
        for (var k = 0; k < _s.Count - 1; k++)
        {
            if (_depth[k] == 0 && _s[k].Is("FOR") && _s[k + 1].Is("UPDATE"))
            {
                Remove(k, LastIndex());
                return;
            }
        }
    }

    // seq.NEXTVAL / schema.seq.CURRVAL → nextval('schema.seq')
    private void RewriteSequenceCall(int i)
    {
        var sequence = NameOf(_s[i - 2]);
        var firstIndex = i - 2;
        if (At(i - 3)?.IsSymbol(".") == true && IsName(At(i - 4)))
        {
            sequence = SchemaPath(NameOf(_s[i - 4])) + "." + sequence;
            firstIndex = i - 4;
        }

        var function = _s[i].Upper == "NEXTVAL" ? "nextval" : "currval";
        Remove(firstIndex, i);
        _s[firstIndex].Output = $"{function}('{sequence.Replace("'", "''", StringComparison.Ordinal)}')";
    }

    /// <summary>
    /// A schema qualifier as DuckDB must see it: a schema named like one of DuckDB's catalogs (SYSTEM, TEMP) is
    /// ambiguous unless the database catalog is named too.
    /// </summary>
    internal static string SchemaPath(string schema)
        => schema is "SYSTEM" or "TEMP" ? "memory.\"" + schema + "\"" : schema;

    // SELECT TOP n ... → SELECT ... LIMIT n (at the end of the same query level)
    private void RewriteTop(int i)
    {
        var count = _s[i + 1];
        var depth = _depth[i];
        var end = i + 1;
        for (var k = i + 2; k < _s.Count; k++)
        {
            if (_depth[k] < depth || (_s[k].IsSymbol(")") && _depth[k] == depth - 1) || _s[k].IsSymbol(";"))
            {
                break;
            }

            if (_depth[k] == depth && _s[k].Upper is "UNION" or "EXCEPT" or "INTERSECT" or "MINUS")
            {
                break;
            }

            if (_s[k].Output != "")
            {
                end = k;
            }
        }

        _s[i].Output = "";
        count.Output = "";
        var target = _s[end];
        if (count.Kind == SqlTokenKind.Parameter)
        {
            // the marker moves behind later markers: all markers become $n so binding order stays the client's
            _topParameters.Add((count, target));
            return;
        }

        target.After = (target.After ?? "") + " LIMIT " + count.Text;
    }

    // CAST(expr AS <hana type>) → the DuckDB storage type
    private void RewriteCastType(int i)
    {
        var open = i + 1;
        var close = _match[open];
        if (close < 0)
        {
            return;
        }

        for (var k = close - 1; k > open; k--)
        {
            if (_depth[k] == _depth[open] + 1 && _s[k].Is("AS"))
            {
                if (DeclaredType.TryParse(_s, k + 1, out var type, out var last) && last == close - 1)
                {
                    _s[k + 1].Output = type.DuckDbType;
                    Remove(k + 2, last);
                }

                return;
            }
        }
    }
}
