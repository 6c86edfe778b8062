using System.Net.Sockets;
using System.Text;

namespace Mose.Probe;

/// <summary>Reads CRLF-terminated lines from a socket, keeping any bytes that follow a line.</summary>
internal sealed class LineReader(Socket socket)
{
    private const int MaxLine = 64 * 1024;
    private readonly byte[] _buffer = new byte[4096];
    private readonly List<byte> _pending = [];

    /// <summary>Next line without its terminator, or null at end of stream.</summary>
    public async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            var newline = _pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = newline > 0 && _pending[newline - 1] == (byte)'\r' ? newline - 1 : newline;
                var line = Encoding.ASCII.GetString(_pending.GetRange(0, length).ToArray());
                _pending.RemoveRange(0, newline + 1);
                return line;
            }

            if (_pending.Count > MaxLine)
            {
                throw new InvalidDataException($"Reply line longer than {MaxLine} bytes.");
            }

            var read = await socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(_buffer.AsSpan(0, read));
        }
    }
}
