import busboy from 'busboy';
import type { RequestHandler } from 'express';
import { MalformedRequestError, PayloadTooLargeError, type AppError } from '../errors.js';

/**
 * An HTML form posted as multipart/form-data (a form with a file input) into `req.body`: text fields as
 * strings, the file as a Buffer, each within its limit. A part over its limit refuses the whole request
 * (never a silently cut credential); other bodies pass through untouched.
 */
export function multipartForm(options: { fieldBytes: number; fileBytes: number; parts: number }): RequestHandler {
  return (req, _res, next) => {
    if (!req.is('multipart/form-data')) {
      next();
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fieldSize: options.fieldBytes, fileSize: options.fileBytes, parts: options.parts, files: 1 } });
    } catch {
      next(new MalformedRequestError('The multipart body has no boundary'));
      return;
    }
    // No prototype: a part named __proto__ is just a key.
    const body: Record<string, string | Buffer> = Object.create(null);
    let failure: AppError | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      req.unpipe(parser);
      if (!failure) req.body = body;
      next(failure);
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) failure ??= new PayloadTooLargeError(`${options.fieldBytes} bytes for the field ${name.slice(0, 32)}`);
      else body[name] = value;
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (failure ??= new PayloadTooLargeError(`${options.fileBytes} bytes for the file`)));
      stream.on('end', () => {
        if (!failure) body[name] = Buffer.concat(chunks);
      });
    });
    const tooManyParts = () => (failure ??= new MalformedRequestError(`The form has more than ${options.parts} parts, or more than one file`));
    parser.on('partsLimit', tooManyParts);
    parser.on('filesLimit', tooManyParts);
    parser.on('error', () => {
      failure ??= new MalformedRequestError('The multipart body cannot be read');
      finish();
    });
    parser.on('close', finish);
    req.pipe(parser);
  };
}
