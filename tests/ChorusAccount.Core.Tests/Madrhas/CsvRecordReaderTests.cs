using ChorusAccount.Core.Madrhas;

namespace ChorusAccount.Core.Tests.Madrhas;

/// <summary>The RFC 4180 tokenizer on its own, where raw fields (untrimmed) are visible.</summary>
public sealed class CsvRecordReaderTests
{
    private static async Task<List<CsvRecord>> ReadAsync(string text)
    {
        var records = new List<CsvRecord>();
        await foreach (var record in CsvRecordReader.ReadAsync(new StringReader(text), ';', 1_000))
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task Crlf_ends_a_record_without_leaving_a_carriage_return_in_its_last_field()
    {
        var records = await ReadAsync("a;b\r\nc;d \r\n");

        Assert.Equal(["a", "b"], records[0].Fields);
        Assert.Equal(["c", "d "], records[1].Fields);
        Assert.Equal([1, 2], records.Select(r => r.LineNumber));
    }

    [Fact]
    public async Task Quoted_last_field_may_be_followed_by_crlf()
    {
        var records = await ReadAsync("a;\"b;c\"\r\nd;e\r\n");

        Assert.Equal(["a", "b;c"], records[0].Fields);
        Assert.Null(records[0].Error);
        Assert.Equal(["d", "e"], records[1].Fields);
    }

    [Fact]
    public async Task Empty_quoted_fields_and_empty_fields_are_kept()
    {
        var record = Assert.Single(await ReadAsync(";\"\";x;\n"));

        Assert.Equal(["", "", "x", ""], record.Fields);
    }

    [Fact]
    public async Task Quote_inside_an_unquoted_field_is_taken_literally()
    {
        var record = Assert.Single(await ReadAsync("COMMUNE \"LES PINS\";x\n"));

        Assert.Equal(["COMMUNE \"LES PINS\"", "x"], record.Fields);
        Assert.Null(record.Error);
    }

    [Fact]
    public async Task Record_spanning_lines_starts_at_its_first_line_and_the_next_one_after_its_last()
    {
        var records = await ReadAsync("\"a\r\nb\nc\";d\ne;f");

        Assert.Equal(["a\nb\nc", "d"], records[0].Fields);
        Assert.Equal(1, records[0].LineNumber);
        Assert.Equal(["e", "f"], records[1].Fields);
        Assert.Equal(4, records[1].LineNumber);
    }
}
