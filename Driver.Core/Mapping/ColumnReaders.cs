using System.Linq.Expressions;
using System.Reflection;
#if ASYNC
using Driver.Async;
#elif SYNC
using Driver.Sync;
#endif

namespace Driver.Core.Mapping;

/// <summary>
/// Which member types a column can fill, and the typed-getter call that reads it. The conversions are exactly
/// those of the reader's typed getters: lossless widening only (TINYINT → int, INTEGER → long / double /
/// decimal, ...). A narrowing one (DECIMAL → int, BIGINT → int, DOUBLE → float) is refused when the mapper is
/// built, since it would fail or lose digits on some rows only; CAST in the SQL or widen the member instead.
/// Beyond the getters: enums from integer columns (their underlying type) or from character columns (by name,
/// ignoring case); Guid from character (text) or binary (16 bytes) columns; DateOnly / TimeOnly (.NET 6+).
/// </summary>
internal static class ColumnReaders
{
    private static readonly Dictionary<Type, Type[]> s_targets = new()
    {
        [typeof(byte)] = [typeof(byte), typeof(short), typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal), typeof(HanaDecimal), typeof(bool)],
        [typeof(short)] = [typeof(short), typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal), typeof(HanaDecimal)],
        [typeof(int)] = [typeof(int), typeof(long), typeof(double), typeof(decimal), typeof(HanaDecimal)],
        [typeof(long)] = [typeof(long), typeof(decimal), typeof(HanaDecimal)],
        [typeof(float)] = [typeof(float), typeof(double)],
        [typeof(double)] = [typeof(double)],
        [typeof(decimal)] = [typeof(decimal), typeof(HanaDecimal)],
        [typeof(bool)] = [typeof(bool)],
        [typeof(string)] = [typeof(string), typeof(char), typeof(Guid)],
        [typeof(byte[])] = [typeof(byte[]), typeof(Guid)],
#if NET6_0_OR_GREATER
        [typeof(DateTime)] = [typeof(DateTime), typeof(DateOnly)],
        [typeof(TimeSpan)] = [typeof(TimeSpan), typeof(TimeOnly)],
#else
        [typeof(DateTime)] = [typeof(DateTime)],
        [typeof(TimeSpan)] = [typeof(TimeSpan)],
#endif
        [typeof(float[])] = [typeof(float[])],
    };

    /// <summary>Types mapped from one column (T itself is a value, not a record): every type a getter returns, enums, object.</summary>
    public static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum || type == typeof(object) || s_targets.Values.Any(targets => Array.IndexOf(targets, type) >= 0);
    }

    /// <summary>Whether a column of this CLR type (GetFieldType) can fill a member of <paramref name="target"/> (not nullable).</summary>
    public static bool CanRead(Type column, Type target)
    {
        if (target == typeof(object))
        {
            return true;
        }
        if (target.IsEnum)
        {
            return column == typeof(string) || CanRead(column, EnumReadType(target));
        }
        return s_targets.TryGetValue(column, out var targets) && Array.IndexOf(targets, target) >= 0;
    }

    /// <summary>The integer type an enum is read as: its underlying type, or long for those no getter returns.</summary>
    private static Type EnumReadType(Type enumType)
    {
        var underlying = Enum.GetUnderlyingType(enumType);
        return underlying == typeof(byte) || underlying == typeof(short) || underlying == typeof(int) || underlying == typeof(long) ? underlying : typeof(long);
    }

    /// <summary>An expression reading column <paramref name="ordinal"/> as <paramref name="target"/> (not nullable; NULL is checked before).</summary>
    public static Expression Read(Expression reader, int ordinal, Type column, Type target)
    {
        var index = Expression.Constant(ordinal);
        if (target.IsEnum)
        {
            if (column == typeof(string))
            {
                // by name, ignoring case; a name the enum lacks is an ArgumentException, reported with the member
                var text = Call(reader, s_getString, index);
                return Expression.Unbox(Expression.Call(s_enumParse, Expression.Constant(target, typeof(Type)), text, Expression.Constant(true)), target);
            }
            var readType = EnumReadType(target);
            Expression number = Read(reader, ordinal, column, readType);
            var underlying = Enum.GetUnderlyingType(target);
            if (underlying != readType)
            {
                number = Expression.ConvertChecked(number, underlying);
            }
            return Expression.Convert(number, target);
        }
        if (target == typeof(object))
        {
            return Call(reader, s_getValue, index);
        }
        if (target == typeof(int)) return Call(reader, s_getInt32, index);
        if (target == typeof(long)) return Call(reader, s_getInt64, index);
        if (target == typeof(short)) return Call(reader, s_getInt16, index);
        if (target == typeof(byte)) return Call(reader, s_getByte, index);
        if (target == typeof(bool)) return Call(reader, s_getBoolean, index);
        if (target == typeof(decimal)) return Call(reader, s_getDecimal, index);
        if (target == typeof(double)) return Call(reader, s_getDouble, index);
        if (target == typeof(float)) return Call(reader, s_getFloat, index);
        if (target == typeof(string)) return Call(reader, s_getString, index);
        if (target == typeof(char)) return Call(reader, s_getChar, index);
        if (target == typeof(DateTime)) return Call(reader, s_getDateTime, index);
        if (target == typeof(TimeSpan)) return Call(reader, s_getTimeSpan, index);
        if (target == typeof(Guid)) return Call(reader, s_getGuid, index);
        if (target == typeof(HanaDecimal)) return Call(reader, s_getHanaDecimal, index);
        if (target == typeof(byte[]) || target == typeof(float[]))
        {
            return Expression.Convert(Call(reader, s_getValue, index), target);
        }
#if NET6_0_OR_GREATER
        if (target == typeof(DateOnly))
        {
            return Expression.Call(typeof(DateOnly).GetMethod(nameof(DateOnly.FromDateTime), [typeof(DateTime)])!, Call(reader, s_getDateTime, index));
        }
        if (target == typeof(TimeOnly))
        {
            return Expression.Call(typeof(TimeOnly).GetMethod(nameof(TimeOnly.FromTimeSpan), [typeof(TimeSpan)])!, Call(reader, s_getTimeSpan, index));
        }
#endif
        throw new InvalidOperationException($"No reader for {target}."); // CanRead was checked first
    }

    private static readonly MethodInfo s_enumParse = typeof(Enum).GetMethod(nameof(Enum.Parse), [typeof(Type), typeof(string), typeof(bool)])!;

    // each getter by a constant name, so the trimming analysis sees exactly which methods are used
    public static readonly MethodInfo IsDBNull = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.IsDBNull), [typeof(int)])!;
    private static readonly MethodInfo s_getBoolean = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetBoolean), [typeof(int)])!;
    private static readonly MethodInfo s_getByte = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetByte), [typeof(int)])!;
    private static readonly MethodInfo s_getChar = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetChar), [typeof(int)])!;
    private static readonly MethodInfo s_getDateTime = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetDateTime), [typeof(int)])!;
    private static readonly MethodInfo s_getDecimal = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetDecimal), [typeof(int)])!;
    private static readonly MethodInfo s_getDouble = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetDouble), [typeof(int)])!;
    private static readonly MethodInfo s_getFloat = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetFloat), [typeof(int)])!;
    private static readonly MethodInfo s_getGuid = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetGuid), [typeof(int)])!;
    private static readonly MethodInfo s_getHanaDecimal = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetHanaDecimal), [typeof(int)])!;
    private static readonly MethodInfo s_getInt16 = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetInt16), [typeof(int)])!;
    private static readonly MethodInfo s_getInt32 = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetInt32), [typeof(int)])!;
    private static readonly MethodInfo s_getInt64 = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetInt64), [typeof(int)])!;
    private static readonly MethodInfo s_getString = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetString), [typeof(int)])!;
    private static readonly MethodInfo s_getTimeSpan = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetTimeSpan), [typeof(int)])!;
    private static readonly MethodInfo s_getValue = typeof(HanaDataReader).GetMethod(nameof(HanaDataReader.GetValue), [typeof(int)])!;

    private static MethodCallExpression Call(Expression reader, MethodInfo getter, Expression ordinal) => Expression.Call(reader, getter, ordinal);
}
