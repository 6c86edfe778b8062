using Microsoft.Data.Sqlite;

namespace Mose.Orchestrator.Store;

/// <summary>
/// The orchestrator's embedded SQLite database: services, in-flight migrations, history, model data, agents.
/// Every operation takes its own pooled connection, and every write runs in an immediate transaction, so
/// threads (and a second store on the same file) never see half an update; WAL lets readers go on while a
/// writer commits, and the busy timeout makes a writer wait for another instead of failing.
/// </summary>
public sealed class OrchestratorStore : IDisposable
{
    /// <summary>How long a statement waits for another connection's write lock before it fails.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;

    private OrchestratorStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) the database at <paramref name="path"/> and brings its tables up to date.
    /// A file that is not a readable Mose store gives a <see cref="StoreUnreadableException"/> naming it.
    /// </summary>
    public static OrchestratorStore Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var store = new OrchestratorStore(path);
        try
        {
            using var connection = store.Connect();

            // Persistent in the file: later connections are in WAL mode too.
            Sql.Execute(connection, "PRAGMA journal_mode = WAL");
            var check = Sql.Query(connection, "PRAGMA quick_check", r => r.GetString(0));
            if (check is not ["ok"])
            {
                throw new StoreUnreadableException(Unreadable(path, string.Join("; ", check.Take(3))));
            }

            StoreSchema.Upgrade(connection, path);
            return store;
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw new StoreUnreadableException(Unreadable(path, e.Message), e);
        }
        catch (StoreUnreadableException)
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Runs a read on a connection of its own.</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        using var connection = Connect();
        return read(connection);
    }

    /// <summary>Runs a write in one immediate transaction: all of it is stored, or none of it.</summary>
    public T Write<T>(Func<SqliteConnection, T> write)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = write(connection);
        transaction.Commit();
        return result;
    }

    /// <summary>Runs a write in one immediate transaction.</summary>
    public void Write(Action<SqliteConnection> write) => Write(c =>
    {
        write(c);
        return 0;
    });

    /// <summary>Closes the pooled connections to the file (they also close when the process ends).</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();

            // FULL: a committed journal entry survives a power cut, not only a crash of this process.
            Sql.Execute(connection, "PRAGMA synchronous = FULL");
            Sql.Execute(connection, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static string Unreadable(string path, string why) =>
        $"the orchestrator store {path} is unreadable ({why}); move it away (the orchestrator then starts " +
        "with an empty store and forgets its services and history) or restore it from a backup";
}
