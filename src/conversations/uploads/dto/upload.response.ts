import { ApiProperty } from '@nestjs/swagger';
import type { Upload } from '../store/entities/upload.entity';
import type { UploadJson } from '../store/uploads.repository';
export type { UploadJson };

/** Download links are Parley's own routes, relative to the server: they check access on every request. */
const UPLOADS_PATH = '/api/v1/uploads';

/** An uploaded file, as `POST /uploads` answers it and as a Message's `attachments` carry it. */
export class UploadResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ description: 'Sanitised file name.', example: 'slides.pdf' })
  name: string;
  @ApiProperty({ description: 'Sniffed from the bytes, never taken from the client.', example: 'application/pdf' })
  content_type: string;
  @ApiProperty({ description: 'Bytes.' })
  size: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Images only (as displayed, EXIF orientation applied).' })
  width: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Images only.' })
  height: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'A WebP of at most 320x320, images only.' })
  thumbnail_url: string | null;
  @ApiProperty({ description: 'Download (relative to the server); raster images inline, everything else as an attachment.' })
  url: string;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export function toUploadResponse(u: Upload): UploadResponse {
  return {
    id: u.id,
    name: u.name,
    content_type: u.contentType,
    size: u.size,
    width: u.width,
    height: u.height,
    ...uploadLinks(u.id, Boolean(u.thumbnailKey)),
    created_at: u.createdAt.toISOString(),
  };
}

/** An upload's download links: Parley's own routes, which check access on every request. */
function uploadLinks(id: string, hasThumbnail: boolean): Pick<UploadResponse, 'thumbnail_url' | 'url'> {
  return { thumbnail_url: hasThumbnail ? `${UPLOADS_PATH}/${id}/thumbnail` : null, url: `${UPLOADS_PATH}/${id}/content` };
}

export function toUploadResponseFromJson({ thumbnail, created_at, ...file }: UploadJson): UploadResponse {
  return { ...file, ...uploadLinks(file.id, thumbnail), created_at };
}
