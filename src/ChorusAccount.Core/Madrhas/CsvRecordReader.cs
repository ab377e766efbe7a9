using System.Runtime.CompilerServices;
using System.Text;

namespace ChorusAccount.Core.Madrhas;

/// <summary>One record of a delimited file and the physical line (1-based) it starts on.</summary>
/// <param name="Error">Why the record is unusable (its fields are then incomplete).</param>
/// <param name="IsFatal">The rest of the file cannot be read either.</param>
internal sealed record CsvRecord(int LineNumber, IReadOnlyList<string> Fields, string? Error = null, bool IsFatal = false);

/// <summary>Splits RFC 4180 text into records while streaming it: only the current record is held in memory.</summary>
/// <remarks>
/// Records end at LF (a CR before it is dropped); blank lines are skipped. Line breaks inside quoted
/// fields are kept as LF. A quote inside an unquoted field is taken literally, as most producers mean it.
/// </remarks>
internal static class CsvRecordReader
{
    public static async IAsyncEnumerable<CsvRecord> ReadAsync(
        TextReader reader, char separator, int maxRecordLength, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new char[8192];
        var tokenizer = new Tokenizer(separator, maxRecordLength);
        var completed = new List<CsvRecord>();
        while (true)
        {
            int read;
            var badEncoding = false;
            try
            {
                read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
            }
            catch (DecoderFallbackException)
            {
                read = 0;
                badEncoding = true;
            }

            if (badEncoding)
            {
                yield return new CsvRecord(
                    tokenizer.Line, [], $"Encodage invalide : le fichier n'est pas en UTF-8 (octets invalides à partir de la ligne {tokenizer.Line} environ)", IsFatal: true);
                yield break;
            }

            if (read == 0)
            {
                break;
            }

            tokenizer.Accept(buffer.AsSpan(0, read), completed);
            foreach (var record in completed)
            {
                yield return record;
            }

            completed.Clear();
        }

        if (tokenizer.Finish() is { } last)
        {
            yield return last;
        }
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
        AfterClosingQuote,
    }

    private sealed class Tokenizer(char separator, int maxRecordLength)
    {
        private readonly List<string> _fields = [];
        private readonly StringBuilder _field = new();
        private State _state = State.FieldStart;
        private bool _fieldQuoted;
        private int _quoteOpenedAt;
        private int _recordStart = 1;
        private int _recordLength;
        private bool _tooLong;
        private string? _error;

        /// <summary>Physical line of the character being read.</summary>
        public int Line { get; private set; } = 1;

        /// <summary>Reads a piece of text, adding the records it completes.</summary>
        /// <remarks>Inside a field, a run of characters that cannot change the state is copied at once.</remarks>
        public void Accept(ReadOnlySpan<char> text, List<CsvRecord> completed)
        {
            var i = 0;
            while (i < text.Length)
            {
                var rest = text[i..];
                var run = _state switch
                {
                    State.Unquoted => rest.IndexOfAny(separator, '\n'),
                    State.Quoted => rest.IndexOfAny('"', '\n'),
                    _ => 0,
                };
                if (run != 0)
                {
                    run = run < 0 ? rest.Length : run;
                    AppendRun(rest[..run]);
                    i += run;
                    continue;
                }

                if (Accept(text[i]) is { } record)
                {
                    completed.Add(record);
                }

                i++;
            }
        }

        private CsvRecord? Accept(char c)
        {
            CsvRecord? completed = null;
            switch (_state)
            {
                case State.FieldStart when c == '"':
                    Count();
                    _fieldQuoted = true;
                    _quoteOpenedAt = Line;
                    _state = State.Quoted;
                    break;
                case State.FieldStart or State.Unquoted or State.QuoteInQuoted or State.AfterClosingQuote when c == separator:
                    Count();
                    EndField();
                    break;
                case State.FieldStart or State.Unquoted or State.QuoteInQuoted or State.AfterClosingQuote when c == '\n':
                    completed = EndRecord();
                    break;
                case State.FieldStart or State.Unquoted:
                    Append(c);
                    _state = State.Unquoted;
                    break;
                case State.Quoted when c == '"':
                    _state = State.QuoteInQuoted;
                    break;
                case State.Quoted:
                    Append(c);
                    break;
                case State.QuoteInQuoted when c == '"':
                    Append('"');
                    _state = State.Quoted;
                    break;
                case State.QuoteInQuoted or State.AfterClosingQuote:
                    // Spaces and the CR of a CRLF may follow a closing quote; anything else means broken quoting.
                    if (c is not (' ' or '\t' or '\r'))
                    {
                        _error ??= "Guillemets mal placés : du texte suit le guillemet fermant d'un champ";
                    }

                    _state = State.AfterClosingQuote;
                    break;
            }

            if (c == '\n')
            {
                Line++;
            }

            return completed;
        }

        /// <summary>Called at the end of the text: the last record, if it had no final line break.</summary>
        public CsvRecord? Finish()
        {
            if (_state == State.Quoted)
            {
                return new CsvRecord(
                    _recordStart, [], $"Guillemet non fermé : le champ ouvert ligne {_quoteOpenedAt} n'est jamais refermé", IsFatal: true);
            }

            return _fields.Count > 0 || _field.Length > 0 || _fieldQuoted ? EndRecord() : null;
        }

        private void Count()
        {
            if (++_recordLength > maxRecordLength)
            {
                _tooLong = true;
            }
        }

        private void Append(char c)
        {
            Count();
            if (!_tooLong)
            {
                _field.Append(c);
            }
        }

        private void AppendRun(ReadOnlySpan<char> run)
        {
            _recordLength += run.Length;
            _tooLong |= _recordLength > maxRecordLength;
            if (!_tooLong)
            {
                _field.Append(run);
            }
        }

        private void EndField()
        {
            if (!_tooLong)
            {
                var value = _field.ToString();
                _fields.Add(_fieldQuoted ? value.Replace("\r\n", "\n", StringComparison.Ordinal) : value);
            }

            _field.Clear();
            _fieldQuoted = false;
            _state = State.FieldStart;
        }

        private CsvRecord? EndRecord()
        {
            if (!_fieldQuoted && _field.Length > 0 && _field[^1] == '\r')
            {
                _field.Length--;
            }

            var blank = _fields.Count == 0 && !_fieldQuoted && string.IsNullOrWhiteSpace(_field.ToString());
            EndField();
            CsvRecord? record = null;
            if (_tooLong)
            {
                record = new CsvRecord(_recordStart, [], $"Ligne trop longue : plus de {maxRecordLength} caractères");
            }
            else if (!blank || _error is not null)
            {
                record = new CsvRecord(_recordStart, [.. _fields], _error);
            }

            _fields.Clear();
            _recordLength = 0;
            _tooLong = false;
            _error = null;
            _recordStart = Line + 1;
            return record;
        }
    }
}
