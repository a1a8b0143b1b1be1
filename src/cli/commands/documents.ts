// `wenze documents keygen [--org ID] | verify FILE | seal-files`: an organisation's document-signing
// certificate (an operator with the data folder acts as the system administrator; each
// organisation has its own, 0610; without --org the default organisation's), whether a PDF
// copy matches what was issued (issue 13 point 4; verify exits 0 when the copy is the issued one,
// intact and signed by the organisation; 3 otherwise), and sealing in place the rendered files of
// report cases' documents stored in clear by an earlier version (issue 9 §3; sealed-files.ts).
import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../errors';
import { rotateSigningKey, sealDocumentFiles, verifyIssuedFile } from '../../services/documents';
import { run, withSystemCtx } from '../runtime';

export function registerDocuments(program: Command): void {
  const docs = program.command('documents').description('公文：电子印章与签名 / official documents: seal and signature');

  docs
    .command('keygen')
    .description('生成新的单位签名证书（自签名）和SM2密钥，原证书停用但仍可验证 / new self-signed organisation certificate and SM2 key (the old one is retired, still verifies)')
    .option('--org <id>', '单位编号（默认：默认单位） / the organisation (default: the default organisation)')
    .option('--json', 'JSON output')
    .action((opts: { json?: boolean; org?: string }, cmd: Command) =>
      run(async () => {
        const info = await withSystemCtx(cmd, (ctx) => rotateSigningKey(ctx, opts.org ? { orgId: opts.org } : undefined));
        if (opts.json) return void console.log(JSON.stringify({ ...info.certificate, orgId: info.org.id }));
        console.log(`单位 / organisation: ${info.org.name}（${info.org.id}）`);
        console.log(`签名证书 / certificate: ${info.certificate!.subject}`);
        console.log(`证书指纹 SHA-256 / fingerprint: ${info.certificate!.sha256}`);
        console.log(`有效期至 / valid until: ${info.certificate!.notAfter}`);
      }),
    );

  docs
    .command('verify <file>')
    .description('核验PDF是否与印发的公文一致 / check that a PDF is the issued document, unaltered')
    .option('--json', 'JSON output')
    .action((file: string, opts: { json?: boolean }, cmd: Command) =>
      run(async () => {
        let pdf: Buffer;
        try {
          pdf = fs.readFileSync(file);
        } catch {
          throw new AppError('NOT_FOUND', { zh: `无法读取文件 ${file}`, en: `cannot read ${file}` });
        }
        const r = await withSystemCtx(cmd, (ctx) => verifyIssuedFile(ctx, pdf));
        if (opts.json) {
          console.log(JSON.stringify(r));
          return r.ok ? 0 : 3;
        }
        console.log(`文件校验值 / SHA-256: ${r.sha256}`);
        if (r.document) console.log(`对应公文 / issued as: ${r.document.docNumber ?? '（无文号）'} ${r.document.title}（${r.document.kindZh}，${r.document.issuedOn ?? ''}印发${r.document.status === 'superseded' ? '，已被更正' : ''}）`);
        else console.log('未找到以此文件印发的公文 / no issued document has exactly this file');
        console.log(`电子签名 / PDF signature: ${!r.signature.present ? '无 / none' : r.signature.valid && r.signature.coversWholeFile ? '有效，文件未被改动 / valid, file unaltered' : '无效，文件已被改动 / INVALID, the file was altered'}`);
        if (r.signature.present) console.log(`签名证书 / signer: ${r.signature.organisationCertificate ? '本单位证书 / the organisation’s certificate' : '非本单位证书 / NOT the organisation’s certificate'}`);
        if (r.sm2 !== 'absent') console.log(`SM2签名 / SM2 signature: ${r.sm2 === 'valid' ? '有效 / valid' : '无效 / INVALID'}`);
        console.log(r.ok ? '结论：与印发的公文一致 / VERIFIED: this is the issued document' : '结论：与印发的公文不一致 / NOT VERIFIED');
        return r.ok ? 0 : 3;
      }),
    );

  docs
    .command('seal-files')
    .description(
      '把举报案件公文的 DOCX/PDF 文件就地加密（旧版本以明文保存的），删除明文副本；SQLite 随后 VACUUM。可重复运行、可中断后继续 / seal in place the DOCX/PDF files of report cases’ documents stored in clear, remove the clear copies, then VACUUM (SQLite); idempotent and resumable',
    )
    .option('--no-vacuum', 'SQLite：不执行 VACUUM / SQLite: skip the VACUUM')
    .option('--json', 'JSON output')
    .action((opts: { vacuum: boolean; json?: boolean }, cmd: Command) =>
      run(async () => {
        const r = await withSystemCtx(cmd, (ctx) =>
          sealDocumentFiles(ctx, { vacuum: opts.vacuum, progress: opts.json ? undefined : (done, total) => console.error(`… ${done}/${total}`) }),
        );
        if (opts.json) return void console.log(JSON.stringify(r));
        console.log(`已加密文件 / files sealed: ${r.sealed}`);
        console.log(`删除的明文副本 / clear copies removed: ${r.clearRemoved}`);
        console.log(`加密的公文内容版本 / document contents sealed: ${r.contents}`);
        if (r.missing) console.log(`文件库中找不到的文件（未处理）/ files not found in the store (left as recorded): ${r.missing}`);
        console.log(r.vacuumed ? '数据库已整理（VACUUM），空闲页不再留有旧明文 / database compacted (VACUUM): no free page keeps old clear text' : '未执行 VACUUM / no VACUUM');
        return r.missing ? 3 : 0;
      }),
    );
}
