#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>
/// A row does not fit the type it is mapped into (<c>HanaDataReader.Map&lt;T&gt;</c>, <c>HanaCommand.Query&lt;T&gt;</c>
/// / <c>QueryAsync&lt;T&gt;</c>): a column whose type the member cannot take, a constructor parameter (or
/// <c>required</c> property) without a column, or NULL for a member that cannot hold it. The message names the
/// column and the member. An <see cref="InvalidCastException"/>, like the reader's typed getters throw for the
/// same mistakes one value at a time.
/// </summary>
public sealed class HanaMappingException : InvalidCastException
{
    internal HanaMappingException(string message, Type targetType, string memberName, string? columnName, Exception? innerException = null)
        : base(message, innerException)
    {
        TargetType = targetType;
        MemberName = memberName;
        ColumnName = columnName;
    }

    /// <summary>The type being mapped into.</summary>
    public Type TargetType { get; }

    /// <summary>The property or constructor parameter that does not fit (<c>value</c> for a scalar type such as int).</summary>
    public string MemberName { get; }

    /// <summary>The column, or null when no column matched the member.</summary>
    public string? ColumnName { get; }
}
