//! A zip archive written front to back, for streaming: each file's sizes and CRC come in a
//! data descriptor after its data, and the central directory at the end. Deflate, UTF-8
//! names, and a fixed timestamp (1980-01-01) so that the archive carries no calendar date.
//! An archive cut off before `finish` has no central directory: no reader takes it as whole.
use flate2::{write::DeflateEncoder, Compression};
use std::io::{self, Write};

struct Written {
    name: String,
    crc: u32,
    compressed: u64,
    size: u64,
    offset: u64,
}

struct Current {
    name: String,
    offset: u64,
    crc: crc32fast::Hasher,
    size: u64,
    encoder: DeflateEncoder<Vec<u8>>,
}

#[derive(Default)]
pub struct ZipStream {
    /// Bytes ready to be sent, taken with `take`.
    out: Vec<u8>,
    offset: u64,
    written: Vec<Written>,
    current: Option<Current>,
}

const LIMIT: u64 = u32::MAX as u64;
// Bit 3: sizes in a data descriptor; bit 11: names in UTF-8.
const FLAGS: u16 = 0x0808;
const DEFLATE: u16 = 8;
const DOS_DATE_1980_01_01: u16 = (1 << 5) | 1;

fn too_big() -> io::Error {
    io::Error::other(
        "the export is larger than 4 GB, more than a zip without ZIP64 holds; download its files one by one",
    )
}

impl ZipStream {
    pub fn new() -> ZipStream {
        ZipStream::default()
    }

    fn emit(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
        self.offset += bytes.len() as u64;
    }

    pub fn start_file(&mut self, name: &str) -> io::Result<()> {
        if self.current.is_some() {
            self.end_file()?;
        }
        let offset = self.offset;
        let mut header = Vec::with_capacity(30 + name.len());
        header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header.extend_from_slice(&20u16.to_le_bytes());
        header.extend_from_slice(&FLAGS.to_le_bytes());
        header.extend_from_slice(&DEFLATE.to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());
        header.extend_from_slice(&DOS_DATE_1980_01_01.to_le_bytes());
        header.extend_from_slice(&[0; 12]);
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());
        header.extend_from_slice(name.as_bytes());
        self.emit(&header);
        self.current = Some(Current {
            name: name.to_string(),
            offset,
            crc: crc32fast::Hasher::new(),
            size: 0,
            encoder: DeflateEncoder::new(Vec::new(), Compression::fast()),
        });
        Ok(())
    }

    pub fn end_file(&mut self) -> io::Result<()> {
        let Some(current) = self.current.take() else {
            return Ok(());
        };
        let rest = current.encoder.finish()?;
        self.emit(&rest);
        let compressed = self.offset - current.offset - 30 - current.name.len() as u64;
        let crc = current.crc.finalize();
        if compressed > LIMIT || current.size > LIMIT || current.offset > LIMIT {
            return Err(too_big());
        }
        let mut descriptor = Vec::with_capacity(16);
        descriptor.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
        descriptor.extend_from_slice(&crc.to_le_bytes());
        descriptor.extend_from_slice(&(compressed as u32).to_le_bytes());
        descriptor.extend_from_slice(&(current.size as u32).to_le_bytes());
        self.emit(&descriptor);
        self.written.push(Written {
            name: current.name,
            crc,
            compressed,
            size: current.size,
            offset: current.offset,
        });
        Ok(())
    }

    /// Closes the last file and writes the central directory.
    pub fn finish(&mut self) -> io::Result<()> {
        self.end_file()?;
        let start = self.offset;
        let mut directory = Vec::new();
        for w in &self.written {
            directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            directory.extend_from_slice(&20u16.to_le_bytes());
            directory.extend_from_slice(&20u16.to_le_bytes());
            directory.extend_from_slice(&FLAGS.to_le_bytes());
            directory.extend_from_slice(&DEFLATE.to_le_bytes());
            directory.extend_from_slice(&0u16.to_le_bytes());
            directory.extend_from_slice(&DOS_DATE_1980_01_01.to_le_bytes());
            directory.extend_from_slice(&w.crc.to_le_bytes());
            directory.extend_from_slice(&(w.compressed as u32).to_le_bytes());
            directory.extend_from_slice(&(w.size as u32).to_le_bytes());
            directory.extend_from_slice(&(w.name.len() as u16).to_le_bytes());
            directory.extend_from_slice(&[0; 12]);
            directory.extend_from_slice(&(w.offset as u32).to_le_bytes());
            directory.extend_from_slice(w.name.as_bytes());
        }
        let size = directory.len() as u64;
        if start > LIMIT || self.written.len() > u16::MAX as usize {
            return Err(too_big());
        }
        directory.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        directory.extend_from_slice(&[0; 4]);
        directory.extend_from_slice(&(self.written.len() as u16).to_le_bytes());
        directory.extend_from_slice(&(self.written.len() as u16).to_le_bytes());
        directory.extend_from_slice(&(size as u32).to_le_bytes());
        directory.extend_from_slice(&(start as u32).to_le_bytes());
        directory.extend_from_slice(&0u16.to_le_bytes());
        self.emit(&directory);
        Ok(())
    }

    /// The bytes produced so far, to send on.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    pub fn buffered(&self) -> usize {
        self.out.len()
    }
}

impl Write for ZipStream {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let Some(current) = self.current.as_mut() else {
            return Err(io::Error::other("no file is open in the zip"));
        };
        current.crc.update(data);
        current.size += data.len() as u64;
        current.encoder.write_all(data)?;
        let produced = std::mem::take(current.encoder.get_mut());
        self.emit(&produced);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_reads_what_it_writes() {
        let mut zip = ZipStream::new();
        let mut bytes = Vec::new();
        zip.start_file("a.csv").unwrap();
        zip.write_all(b"x,y\r\n1,2\r\n").unwrap();
        bytes.extend(zip.take());
        zip.start_file("dir/é.txt").unwrap();
        for i in 0..20_000 {
            zip.write_all(format!("line {i}\n").as_bytes()).unwrap();
        }
        bytes.extend(zip.take());
        zip.start_file("empty").unwrap();
        zip.finish().unwrap();
        bytes.extend(zip.take());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.zip");
        std::fs::write(&path, &bytes).unwrap();
        // An independent reader: Python's zipfile checks every CRC (testzip) and the sizes.
        let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint('|'.join(f'{i.filename}:{i.file_size}:{len(z.read(i))}' for i in z.infolist()))\nprint(z.read('a.csv').decode())";
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let expected_size: usize = (0..20_000).map(|i| format!("line {i}\n").len()).sum();
        assert!(
            text.starts_with(&format!(
                "a.csv:10:10|dir/é.txt:{expected_size}:{expected_size}|empty:0:0\n"
            )),
            "{text}"
        );
        assert!(text.contains("x,y\r\n1,2"));
    }

    #[test]
    fn a_cut_off_archive_is_refused_by_readers() {
        let mut zip = ZipStream::new();
        zip.start_file("a.csv").unwrap();
        zip.write_all(&[b'a'; 100_000]).unwrap();
        zip.end_file().unwrap();
        let bytes = zip.take();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.zip");
        std::fs::write(&path, &bytes).unwrap();
        let out = std::process::Command::new("python3")
            .args(["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1])"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(!out.status.success());
    }
}
