using Microsoft.Data.Sqlite;

namespace Mose.Orchestrator.Store;

/// <summary>Runs parameterised statements: values travel as parameters, never inside the SQL text.</summary>
internal static class Sql
{
    /// <summary>Runs a statement (or several, without parameters) and returns the rows it changed.</summary>
    public static int Execute(SqliteConnection connection, string sql,
        params (string Name, object? Value)[] args)
    {
        using var command = Command(connection, sql, args);
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, or default when there is none.</summary>
    public static T? Scalar<T>(SqliteConnection connection, string sql,
        params (string Name, object? Value)[] args)
    {
        using var command = Command(connection, sql, args);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every row, mapped.</summary>
    public static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map,
        params (string Name, object? Value)[] args)
    {
        using var command = Command(connection, sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>A nullable text column.</summary>
    public static string? TextOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static SqliteCommand Command(SqliteConnection connection, string sql,
        (string Name, object? Value)[] args)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL text is ours; every value is bound as a parameter below.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in args)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
