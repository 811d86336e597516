//! One loop for every CSV file of an export: the header first (the file's columns as the
//! codebook lists them, so the two never differ), then the records of each stored row read,
//! sent on and counted as progress after that row, then whatever is left.
use super::{
    csv,
    files::File,
    run::{Out, Progress},
    ExportError,
};
use app::domain::research::file_variables::columns_of;

pub struct CsvFile<'a, 'o> {
    out: &'a mut Out<'o>,
    line: Vec<u8>,
    rows: u64,
}

impl<'a, 'o> CsvFile<'a, 'o> {
    pub fn start(out: &'a mut Out<'o>, file: File) -> Self {
        Self::with_header(out, columns_of(file.name()))
    }

    /// A file whose columns depend on the export (the wide layout's).
    pub fn with_header<'h>(out: &'a mut Out<'o>, header: impl IntoIterator<Item = &'h str>) -> Self {
        let mut line = Vec::with_capacity(4096);
        csv::record(&mut line, header);
        CsvFile { out, line, rows: 0 }
    }

    pub fn record<'f>(&mut self, fields: impl IntoIterator<Item = &'f str>) {
        csv::record(&mut self.line, fields);
        self.rows += 1;
    }

    /// One stored row is done: its records go on, and progress counts it.
    pub async fn row_done(&mut self, progress: &mut Progress<'_>) -> Result<(), ExportError> {
        self.out.write(&self.line)?;
        self.line.clear();
        progress.tick(self.out).await
    }

    /// The file is whole: answers how many records it holds, the header not counted.
    pub fn finish(self) -> Result<u64, ExportError> {
        self.out.write(&self.line)?;
        Ok(self.rows)
    }
}
