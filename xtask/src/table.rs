/// Aligns rows of cells in columns as `column -t` does: each column as wide as its widest cell,
/// two spaces between columns, the last column not padded.
pub fn align(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|row| row.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths[c] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_as_wide_as_their_widest_cell() {
        let rows = vec![
            vec!["IMAGE".to_owned(), "SIZE".to_owned(), "USER".to_owned()],
            vec![
                "microblog:07-static".to_owned(),
                "7.45 MB".to_owned(),
                "65532".to_owned(),
            ],
        ];
        assert_eq!(
            align(&rows),
            "IMAGE                SIZE     USER\nmicroblog:07-static  7.45 MB  65532\n"
        );
        assert_eq!(align(&[]), "");
    }
}
